package org.starlane.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteCommandTest {

  /** The CGR tutorial plan (Fraire, De Jonckère, Burleigh 2021): A..E = nodes 1..5. */
  private static final String TUTORIAL =
      """
      a contact +0 +60 1 2 1000
      a contact +0 +60 2 1 1000
      a contact +0 +60 2 3 1000
      a contact +0 +60 3 2 1000
      a contact +0 +60 1 3 1000
      a contact +0 +60 3 1 1000
      a contact +0 +30 3 4 1000
      a contact +0 +30 4 3 1000
      a contact +10 +20 1 5 1000
      a contact +10 +20 5 1 1000
      a contact +0 +10 4 5 1000
      a contact +0 +10 5 4 1000
      a contact +30 +40 4 5 1000
      a contact +30 +40 5 4 1000
      a contact +50 +60 4 5 1000
      a contact +50 +60 5 4 1000
      a range +0 +60 1 2 1
      a range +0 +60 2 3 1
      a range +0 +60 1 3 1
      a range +0 +60 3 4 1
      a range +0 +60 1 5 1
      a range +0 +60 4 5 1
      """;

  @TempDir Path dir;

  private String write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p.toString();
  }

  @Test
  void printsTheBestRouteWithItsHopsAsJson() throws IOException {
    CommandRun run =
        CommandRun.of(
            "route",
            "--plan",
            write("tutorial.ionrc", TUTORIAL),
            "--from",
            "1",
            "--to",
            "5",
            "--at",
            "+0",
            "--json");

    assertThat(run.exitCode()).isZero();
    JsonNode route = run.json().get("route");
    assertThat(route.get("nextHop").asLong()).isEqualTo(3);
    assertThat(route.get("bestCaseArrival").asText()).isEqualTo("1970-01-01T00:00:03Z");
    assertThat(route.get("projectedArrival").asText()).isEqualTo("1970-01-01T00:00:03Z");
    assertThat(route.get("hops")).hasSize(3);
    assertThat(route.get("hops").get(1).get("end").asText()).isEqualTo("1970-01-01T00:00:30Z");
    assertThat(run.json().get("considered")).hasSize(5);
    assertThat(run.json().get("considered").get(2).get("bestCaseArrival").asText())
        .isEqualTo("1970-01-01T00:00:11Z");
  }

  @Test
  void sizeAndPriorityShiftTheProjectedArrival() throws IOException {
    CommandRun run =
        CommandRun.of(
            "route",
            "--plan",
            write("tutorial.ionrc", TUTORIAL),
            "--from",
            "1",
            "--to",
            "5",
            "--at",
            "1970-01-01T00:00:12Z",
            "--size",
            "500",
            "--priority",
            "expedited",
            "--json");

    assertThat(run.exitCode()).isZero();
    JsonNode route = run.json().get("route");
    // A→E [10, 20): 500 bytes at 1000 bytes/s take 0.5 s, then 1 s of light time
    assertThat(route.get("projectedArrival").asText()).isEqualTo("1970-01-01T00:00:13.500Z");
    assertThat(run.json().get("priority").asText()).isEqualTo("expedited");
  }

  @Test
  void printsTextWithTheConsideredRoutes() throws IOException {
    CommandRun run =
        CommandRun.of(
            "route",
            "--plan",
            write("tutorial.ionrc", TUTORIAL),
            "--from",
            "1",
            "--to",
            "5",
            "--at",
            "+0");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("Best route: 3 hop(s), next hop node 3")
        .contains("Projected arrival:  1970-01-01T00:00:03Z")
        .contains("2. 1 -> 2 -> 3 -> 4 -> 5  arrives 1970-01-01T00:00:04Z");
  }

  @Test
  void readsHdtnJsonPlans() throws IOException {
    String json =
        "{\"contacts\":[{\"contact\":0,\"source\":1,\"dest\":2,\"startTime\":10,\"endTime\":20,"
            + "\"rateBitsPerSec\":8000,\"owlt\":2}]}";
    CommandRun run =
        CommandRun.of(
            "route",
            "--plan",
            write("plan.json", json),
            "--from",
            "1",
            "--to",
            "2",
            "--at",
            "+0",
            "--epoch",
            "2026-12-01T00:00:00Z",
            "--json");

    assertThat(run.exitCode()).isZero();
    assertThat(run.json().get("route").get("bestCaseArrival").asText())
        .isEqualTo("2026-12-01T00:00:12Z");
  }

  @Test
  void saysSoWhenThereIsNoRoute() throws IOException {
    CommandRun run =
        CommandRun.of(
            "route",
            "--plan",
            write("tutorial.ionrc", TUTORIAL),
            "--from",
            "1",
            "--to",
            "5",
            "--at",
            "+61");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("No route").contains("none");
  }

  @Test
  void malformedPlanNamesTheLineAndField() throws IOException {
    CommandRun run =
        CommandRun.of(
            "route",
            "--plan",
            write("bad.ionrc", "a contact +0 +10 1 2 100\na contact +0 +10 1 x 5\n"),
            "--from",
            "1",
            "--to",
            "2",
            "--at",
            "+0");

    assertThat(run.exitCode()).isEqualTo(StarlaneCommand.EXIT_USAGE_OR_IO);
    assertThat(run.err()).contains("line 2").contains("to_node");
  }

  @Test
  void rejectsBadTimeAndPriority() throws IOException {
    String plan = write("tutorial.ionrc", TUTORIAL);
    assertThat(
            CommandRun.of("route", "--plan", plan, "--from", "1", "--to", "5", "--at", "noon")
                .exitCode())
        .isEqualTo(StarlaneCommand.EXIT_USAGE_OR_IO);
    assertThat(
            CommandRun.of(
                    "route",
                    "--plan",
                    plan,
                    "--from",
                    "1",
                    "--to",
                    "5",
                    "--at",
                    "+0",
                    "--priority",
                    "urgent")
                .err())
        .contains("--priority");
  }
}
