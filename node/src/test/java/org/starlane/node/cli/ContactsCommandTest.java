package org.starlane.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.starlane.cgr.ContactPlan;
import org.starlane.cgr.orbit.ContactPredictor;
import org.starlane.cgr.orbit.EarthData;
import org.starlane.cgr.orbit.GroundStationsFile;
import org.starlane.cgr.orbit.InterSatelliteLinks;
import org.starlane.cgr.orbit.LinkType;
import org.starlane.cgr.orbit.PredictedContactPlan;
import org.starlane.cgr.orbit.PredictionRequest;
import org.starlane.cgr.orbit.TwoLineElementsFile;

/** {@code starlane contacts predict}, in-process through picocli. */
class ContactsCommandTest {
  private static final String TLE =
      "RELAY-1A\n"
          + "1 70001U 26001A   26001.00000000  .00000000  00000-0  00000+0 0  9995\n"
          + "2 70001  86.4000   0.0000 0001000   0.0000   0.0000 14.33517932    18\n"
          + "RELAY-2A\n"
          + "1 70012U 26001A   26001.00000000  .00000000  00000-0  00000+0 0  9997\n"
          + "2 70012  86.4000  30.0000 0001000   0.0000   5.4545 14.33517932    16\n";
  private static final String STATIONS =
      "# name,latitude_deg,longitude_deg,altitude_m,min_elevation_deg\n"
          + "svalbard,78.23,15.39,500,10\n"
          + "kiruna,67.86,20.96,400,10\n";

  @TempDir static Path dir;
  private static Path tle;
  private static Path stations;

  @BeforeAll
  static void files() throws IOException {
    tle = Files.writeString(dir.resolve("two.tle"), TLE);
    stations = Files.writeString(dir.resolve("stations.csv"), STATIONS);
  }

  private static CommandRun predict(
      String tleFile, String stationsFile, String start, String... more) {
    String[] args = new String[8 + more.length];
    String[] first = {
      "contacts", "predict", "--tle", tleFile, "--stations", stationsFile, "--start", start
    };
    System.arraycopy(first, 0, args, 0, 8);
    System.arraycopy(more, 0, args, 8, more.length);
    return CommandRun.of(args);
  }

  @Test
  void writesAnHdtnJsonPlanWithTheContactsOfTheLibraryPrediction() throws IOException {
    Path out = dir.resolve("plan.json");
    CommandRun run =
        predict(
            tle.toString(),
            stations.toString(),
            "2026-01-01T00:00:00Z",
            "--duration",
            "6h",
            "--isl-max-range",
            "3000",
            "--format",
            "json",
            "--out",
            out.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode contacts =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toFile()).get("contacts");
    // the same prediction through the library
    var satellites = TwoLineElementsFile.read(new StringReader(TLE), "two.tle", 1001);
    var ground = GroundStationsFile.read(new StringReader(STATIONS), "stations.csv", 1, 10);
    ContactPlan expected =
        PredictedContactPlan.of(
            new ContactPredictor(EarthData.bundled())
                .predict(
                    PredictionRequest.of(
                            satellites,
                            ground,
                            Instant.parse("2026-01-01T00:00:00Z"),
                            Duration.ofHours(6),
                            new LinkType("up", 12_500),
                            new LinkType("down", 1_250_000))
                        .withInterSatelliteLinks(
                            new InterSatelliteLinks(
                                3_000_000, 100_000, new LinkType("isl", 125_000)))));
    assertThat(contacts.size()).isEqualTo(expected.contacts().size()).isGreaterThan(10);
    boolean crosslink = false;
    for (JsonNode c : contacts) {
      long source = c.get("source").asLong();
      long dest = c.get("dest").asLong();
      assertThat(List.of(1L, 2L, 1001L, 1002L)).contains(source, dest);
      assertThat(c.get("endTime").asLong()).isGreaterThan(c.get("startTime").asLong());
      assertThat(c.get("startTime").asLong()).isBetween(0L, 6 * 3600L);
      if (source > 1000 && dest > 1000) {
        crosslink = true;
        assertThat(c.get("rateBitsPerSec").asLong()).isEqualTo(8 * 125_000);
      } else if (source < 1000) {
        assertThat(c.get("rateBitsPerSec").asLong()).isEqualTo(8 * 12_500);
      } else {
        assertThat(c.get("rateBitsPerSec").asLong()).isEqualTo(8 * 1_250_000);
      }
    }
    assertThat(crosslink).isTrue();
    assertThat(run.err()).contains("propagation 100% (2/2)").contains("ground stations 100% (2/2)");
    assertThat(run.err()).containsPattern("\\d+ windows \\(\\d+ ground, \\d+ inter-satellite\\)");
  }

  @Test
  void writesIonCommandsToStandardOutputWithAMaskOverride() {
    CommandRun low =
        predict(
            tle.toString(),
            stations.toString(),
            "2026-01-01T00:00:00Z",
            "--duration",
            "PT6H",
            "--min-elevation",
            "0",
            "--quiet");
    CommandRun high =
        predict(
            tle.toString(),
            stations.toString(),
            "2026-01-01T00:00:00Z",
            "--duration",
            "PT6H",
            "--min-elevation",
            "30",
            "--quiet");

    assertThat(low.exitCode()).as(low.err()).isZero();
    assertThat(low.err()).isEmpty();
    String text = new String(low.stdout(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(text)
        .contains("\n@ 2026/01/01-00:00:00\n")
        .contains("a contact +")
        .contains("a range +");
    long lowContacts = text.lines().filter(l -> l.startsWith("a contact")).count();
    long highContacts =
        new String(high.stdout(), java.nio.charset.StandardCharsets.UTF_8)
            .lines()
            .filter(l -> l.startsWith("a contact"))
            .count();
    // a 30° mask keeps fewer passes than a 0° mask
    assertThat(highContacts).isLessThan(lowContacts);
  }

  @Test
  void badStationLineIsReportedWithFileAndLine() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.csv"), "ok,1,2,3,10\nbad,1,2\n");
    CommandRun run =
        predict(tle.toString(), bad.toString(), "2026-01-01T00:00:00Z", "--duration", "1h");
    assertThat(run.exitCode()).isEqualTo(StarlaneCommand.EXIT_USAGE_OR_IO);
    assertThat(run.err()).contains(bad + ":2: expected 5 or 6 comma-separated fields");
  }

  @Test
  void badFormatStartAndMissingFileAreUsageErrors() {
    CommandRun format =
        predict(
            tle.toString(),
            stations.toString(),
            "2026-01-01T00:00:00Z",
            "--duration",
            "1h",
            "--format",
            "xml");
    assertThat(format.exitCode()).isEqualTo(StarlaneCommand.EXIT_USAGE_OR_IO);
    assertThat(format.err()).contains("--format 'xml' is not ion or json");
    CommandRun start =
        predict(tle.toString(), stations.toString(), "yesterday", "--duration", "1h");
    assertThat(start.exitCode()).isEqualTo(StarlaneCommand.EXIT_USAGE_OR_IO);
    assertThat(start.err()).contains("--start 'yesterday' is not an ISO-8601 instant");
    CommandRun missing =
        predict(
            dir.resolve("none.tle").toString(),
            stations.toString(),
            "2026-01-01T00:00:00Z",
            "--duration",
            "1h");
    assertThat(missing.exitCode()).isEqualTo(StarlaneCommand.EXIT_USAGE_OR_IO);
    assertThat(missing.err()).contains("none.tle");
  }
}
