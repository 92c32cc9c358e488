package org.starlane.node.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.starlane.cgr.Contact;
import org.starlane.cgr.ContactGraph;
import org.starlane.cgr.ContactPlan;
import org.starlane.cgr.ForwardingDecision;
import org.starlane.cgr.ForwardingRequest;
import org.starlane.cgr.Priority;
import org.starlane.cgr.Route;
import org.starlane.cgr.RouteSelection;
import org.starlane.cgr.plan.ContactPlanFormatException;
import org.starlane.cgr.plan.HdtnContactPlanReader;
import org.starlane.cgr.plan.IonContactPlanReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code starlane route}: reads a contact plan (ION {@code ionadmin} commands or HDTN JSON) and
 * prints the route contact graph routing (CGR/SABR, CCSDS 734.3-B-1) chooses for one bundle from
 * node to node at a given time: its hops with their contact times, the projected arrival for the
 * bundle's size and priority, and the alternative routes that were considered (Yen's algorithm),
 * best first. "No route" is an answer, not an error (exit code 0); a malformed plan gives exit code
 * 1 and the line and field at fault.
 */
@Command(
    name = "route",
    description = {
      "Find the best contact-graph route (CGR/SABR) for a bundle in a contact plan.",
      "Node numbers are ipn node numbers. Times are ISO-8601 instants (2026-12-01T00:00:00Z) or"
          + " +SECONDS after --epoch. Plans ending in .json are read as HDTN JSON, others as ION"
          + " ionadmin commands (a contact, a range, @), unless --format says otherwise."
    })
public final class RouteCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec CommandSpec spec;

  @Option(names = "--plan", required = true, paramLabel = "FILE", description = "The contact plan.")
  String plan;

  @Option(names = "--from", required = true, paramLabel = "NODE", description = "The sending node.")
  long from;

  @Option(names = "--to", required = true, paramLabel = "NODE", description = "The destination.")
  long to;

  @Option(
      names = "--at",
      required = true,
      paramLabel = "TIME",
      description = "When the bundle is at the sending node.")
  String at;

  @Option(
      names = "--size",
      paramLabel = "BYTES",
      defaultValue = "0",
      description = "The bundle's size in bytes (default ${DEFAULT-VALUE}).")
  long size;

  @Option(
      names = "--priority",
      paramLabel = "P",
      defaultValue = "normal",
      description = "bulk, normal or expedited (default ${DEFAULT-VALUE}).")
  String priority;

  @Option(
      names = "--epoch",
      paramLabel = "TIME",
      defaultValue = "1970-01-01T00:00:00Z",
      description =
          "What relative times count from: +SECONDS in --at, ION +s times before any @ line, HDTN"
              + " startTime/endTime (default ${DEFAULT-VALUE}, HDTN's --use-unix-timestamp).")
  String epoch;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "ion or json (default: json for *.json, else ion).")
  String format;

  @Option(
      names = "--alternatives",
      paramLabel = "N",
      defaultValue = "5",
      description = "How many of the considered routes to list (default ${DEFAULT-VALUE}).")
  int alternatives;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Override
  public Integer call() {
    StarlaneCommand root = StarlaneCommand.of(spec);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (size < 0 || alternatives < 0 || from < 1 || to < 1) {
      throw new ParameterException(
          spec.commandLine(), "--size and --alternatives must be 0 or more, nodes 1 or more");
    }
    Priority p;
    try {
      p = Priority.valueOf(priority.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "--priority must be bulk, normal or expedited, not " + priority);
    }
    Instant epochInstant = instant(epoch, Instant.EPOCH, "--epoch");
    long atMillis = instant(at, epochInstant, "--at").toEpochMilli();
    boolean hdtn = format == null ? plan.endsWith(".json") : isJson(format);

    ContactPlan contacts;
    try {
      String text = new String(FileAccess.readAll(plan, root.stdin()), StandardCharsets.UTF_8);
      contacts =
          hdtn
              ? HdtnContactPlanReader.relativeTo(epochInstant).read(text)
              : IonContactPlanReader.withReferenceTime(epochInstant).read(new StringReader(text));
    } catch (FileAccess.Failure e) {
      err.println(e.getMessage());
      err.flush();
      return StarlaneCommand.EXIT_USAGE_OR_IO;
    } catch (ContactPlanFormatException e) {
      err.println("Invalid contact plan " + plan + ": " + e.getMessage());
      err.flush();
      return StarlaneCommand.EXIT_USAGE_OR_IO;
    } catch (java.io.IOException e) {
      err.println(e.getMessage());
      err.flush();
      return StarlaneCommand.EXIT_USAGE_OR_IO;
    }

    RouteSelection selection =
        new RouteSelection(from, contacts, RouteSelection.DEFAULT_MAX_ROUTES);
    ForwardingDecision decision =
        selection.select(ForwardingRequest.of("cli", to, size).withPriority(p), atMillis);
    ContactGraph graph = selection.graph();
    List<Route> considered = graph.routes(from, to, atMillis, alternatives);
    if (json) {
      out.println(json(contacts, decision, considered, atMillis));
    } else {
      out.print(text(contacts, decision, considered, atMillis));
    }
    out.flush();
    return StarlaneCommand.EXIT_OK;
  }

  private boolean isJson(String f) {
    return switch (f.toLowerCase(Locale.ROOT)) {
      case "json", "hdtn" -> true;
      case "ion" -> false;
      default ->
          throw new ParameterException(
              spec.commandLine(), "--format must be ion or json, not " + f);
    };
  }

  private Instant instant(String text, Instant epochInstant, String option) {
    try {
      if (text.startsWith("+")) {
        return epochInstant.plusMillis(Math.round(Double.parseDouble(text.substring(1)) * 1000));
      }
      return Instant.parse(text);
    } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
      throw new ParameterException(
          spec.commandLine(),
          option + " must be an ISO-8601 instant or +SECONDS, not '" + text + "'");
    }
  }

  private String text(
      ContactPlan contacts, ForwardingDecision decision, List<Route> considered, long atMillis) {
    StringBuilder s = new StringBuilder();
    s.append("Route from node ")
        .append(from)
        .append(" to node ")
        .append(to)
        .append(" at ")
        .append(Instant.ofEpochMilli(atMillis))
        .append(", ")
        .append(size)
        .append(" bytes, ")
        .append(priority.toLowerCase(Locale.ROOT))
        .append(" priority\n");
    if (decision instanceof ForwardingDecision.Forward f) {
      ForwardingDecision.Assignment a = f.best();
      s.append("Best route: ").append(a.route().hopCount()).append(" hop(s), next hop node ");
      s.append(a.neighbour()).append('\n');
      int i = 1;
      for (Contact c : a.route().hops()) {
        s.append(
            String.format(
                Locale.ROOT,
                "  %d. %d -> %d  contact %s .. %s  %d bytes/s  owlt %d ms%n",
                i++,
                c.from(),
                c.to(),
                c.start(),
                c.end(),
                c.rateBytesPerSecond(),
                contacts.owltMillis(c).orElse(0)));
      }
      s.append("First transmission: ")
          .append(Instant.ofEpochMilli(a.firstTransmissionMillis()))
          .append('\n');
      s.append("Projected arrival:  ")
          .append(Instant.ofEpochMilli(a.projectedArrivalMillis()))
          .append('\n');
      s.append("Best-case arrival:  ")
          .append(Instant.ofEpochMilli(a.route().bestDeliveryMillis()))
          .append('\n');
    } else if (decision instanceof ForwardingDecision.NoRoute n) {
      s.append("No route: ").append(n.reason()).append('\n');
    }
    s.append("Routes considered (best first, best-case arrival):\n");
    if (considered.isEmpty()) {
      s.append("  none\n");
    }
    int k = 1;
    for (Route r : considered) {
      StringBuilder path = new StringBuilder().append(r.source());
      for (Contact c : r.hops()) {
        path.append(" -> ").append(c.to());
      }
      s.append(
          String.format(
              Locale.ROOT,
              "  %d. %s  arrives %s  hops %d  ends %s%n",
              k++,
              path,
              Instant.ofEpochMilli(r.bestDeliveryMillis()),
              r.hopCount(),
              Instant.ofEpochMilli(r.terminationMillis())));
    }
    return s.toString();
  }

  private String json(
      ContactPlan contacts, ForwardingDecision decision, List<Route> considered, long atMillis) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    root.put("from", from);
    root.put("to", to);
    root.put("at", Instant.ofEpochMilli(atMillis).toString());
    root.put("sizeBytes", size);
    root.put("priority", priority.toLowerCase(Locale.ROOT));
    if (decision instanceof ForwardingDecision.Forward fw) {
      ForwardingDecision.Assignment a = fw.best();
      ObjectNode best = route(f, contacts, a.route());
      best.put("firstTransmission", Instant.ofEpochMilli(a.firstTransmissionMillis()).toString());
      best.put("projectedArrival", Instant.ofEpochMilli(a.projectedArrivalMillis()).toString());
      root.set("route", best);
    } else {
      root.putNull("route");
      if (decision instanceof ForwardingDecision.NoRoute n) {
        root.put("noRouteReason", n.reason());
      }
    }
    ArrayNode alt = root.putArray("considered");
    for (Route r : considered) {
      alt.add(route(f, contacts, r));
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain JSON nodes always serializes", e);
    }
  }

  private static ObjectNode route(JsonNodeFactory f, ContactPlan contacts, Route r) {
    ObjectNode o = f.objectNode();
    o.put("nextHop", r.entryNode());
    o.put("bestCaseArrival", Instant.ofEpochMilli(r.bestDeliveryMillis()).toString());
    o.put("termination", Instant.ofEpochMilli(r.terminationMillis()).toString());
    ArrayNode hops = o.putArray("hops");
    for (Contact c : r.hops()) {
      ObjectNode h = hops.addObject();
      h.put("from", c.from());
      h.put("to", c.to());
      h.put("start", c.start().toString());
      h.put("end", c.end().toString());
      h.put("rateBytesPerSecond", c.rateBytesPerSecond());
      h.put("owltMillis", contacts.owltMillis(c).orElse(0));
    }
    return o;
  }
}
