package org.starlane.node.cli;

import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.starlane.cgr.ContactPlan;
import org.starlane.cgr.orbit.ContactPredictor;
import org.starlane.cgr.orbit.ContactWindow;
import org.starlane.cgr.orbit.EarthData;
import org.starlane.cgr.orbit.GroundStation;
import org.starlane.cgr.orbit.GroundStationsFile;
import org.starlane.cgr.orbit.InterSatelliteLinks;
import org.starlane.cgr.orbit.LinkType;
import org.starlane.cgr.orbit.OrbitDataException;
import org.starlane.cgr.orbit.PredictedContactPlan;
import org.starlane.cgr.orbit.PredictionProgress;
import org.starlane.cgr.orbit.PredictionRequest;
import org.starlane.cgr.orbit.Satellite;
import org.starlane.cgr.orbit.TwoLineElementsFile;
import org.starlane.cgr.plan.HdtnContactPlanWriter;
import org.starlane.cgr.plan.IonContactPlanWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code starlane contacts}: contact plans (CCSDS 734.3-B-1 §2.3) from orbits; see {@code
 * docs/contact-prediction.md}.
 */
@Command(
    name = "contacts",
    description = "Predict contact plans from satellite orbits and ground stations.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {ContactsCommand.Predict.class})
public final class ContactsCommand implements Runnable {
  @Spec CommandSpec spec;

  /** {@code starlane contacts} without a command is a usage error. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required command");
  }

  /**
   * {@code starlane contacts predict}: predicts ground and inter-satellite contact windows with
   * Orekit and writes them as a contact plan, in ION's {@code ionadmin} form or HDTN's JSON.
   *
   * <p>Progress goes to standard error (one line per tenth of each phase) unless {@code --quiet};
   * the plan goes to {@code --out} or standard output. Not thread-safe (one run at a time).
   */
  @Command(
      name = "predict",
      description = {
        "Predict contact windows between ground stations and satellites (and between satellites"
            + " with --isl-max-range) over a time span, and write them as a contact plan: two"
            + " contacts (one per direction) and one range (one-way light time) per window.",
        "Satellites are numbered from --first-satellite-node in TLE file order; stations take"
            + " the node column of the stations file, or are numbered from --first-station-node.",
        "Stations file: CSV lines name,latitude_deg,longitude_deg,altitude_m,min_elevation_deg[,node];"
            + " '#' comments."
      })
  public static final class Predict implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--tle",
        required = true,
        paramLabel = "FILE",
        description = "Two-line element sets (CelesTrak format, optional title lines).")
    String tleFile;

    @Option(
        names = "--stations",
        required = true,
        paramLabel = "FILE",
        description = "Ground stations (CSV, see above).")
    String stationsFile;

    @Option(
        names = "--start",
        required = true,
        paramLabel = "ISO-8601",
        description = "Start of the span, UTC (2026-01-01T00:00:00Z).")
    String start;

    @Option(
        names = "--duration",
        required = true,
        paramLabel = "DURATION",
        converter = DurationConverter.class,
        description = "Length of the span: ISO-8601 (PT24H) or 24h, 90m, 3600s, 7d.")
    Duration duration;

    @Option(
        names = "--min-elevation",
        paramLabel = "DEG",
        description =
            "Elevation mask for every station, overriding the file's"
                + " (default: the file's, or 10 where the file leaves it empty).")
    Double minElevation;

    @Option(
        names = "--isl-max-range",
        paramLabel = "KM",
        description = "Predict inter-satellite links up to this range (none by default).")
    Double islMaxRangeKm;

    @Option(
        names = "--isl-grazing-altitude",
        paramLabel = "KM",
        defaultValue = "100",
        description =
            "Lowest altitude an inter-satellite line of sight may pass (default: ${DEFAULT-VALUE}).")
    double islGrazingKm;

    @Option(
        names = "--uplink-rate",
        paramLabel = "BYTES/S",
        defaultValue = "12500",
        description = "Rate of station-to-satellite contacts (default: ${DEFAULT-VALUE}).")
    long uplinkRate;

    @Option(
        names = "--downlink-rate",
        paramLabel = "BYTES/S",
        defaultValue = "1250000",
        description = "Rate of satellite-to-station contacts (default: ${DEFAULT-VALUE}).")
    long downlinkRate;

    @Option(
        names = "--isl-rate",
        paramLabel = "BYTES/S",
        defaultValue = "125000",
        description = "Rate of inter-satellite contacts (default: ${DEFAULT-VALUE}).")
    long islRate;

    @Option(
        names = "--first-satellite-node",
        paramLabel = "NODE",
        defaultValue = "1001",
        description = "Node number of the first satellite (default: ${DEFAULT-VALUE}).")
    long firstSatelliteNode;

    @Option(
        names = "--first-station-node",
        paramLabel = "NODE",
        defaultValue = "1",
        description = "Node number of the first station without one (default: ${DEFAULT-VALUE}).")
    long firstStationNode;

    @Option(
        names = "--grid-step",
        paramLabel = "DURATION",
        converter = DurationConverter.class,
        defaultValue = "10s",
        description =
            "Sampling step of the geometry; no window is missed at any step, a finer"
                + " step only costs time (default: ${DEFAULT-VALUE}).")
    Duration gridStep;

    @Option(
        names = "--orekit-data",
        paramLabel = "DIR",
        description =
            "A full orekit-data directory (Earth orientation, leap seconds) instead of"
                + " the leap-second table built in.")
    Path orekitData;

    @Option(
        names = "--format",
        paramLabel = "ion|json",
        defaultValue = "ion",
        description =
            "Plan format: ion (ionadmin commands, times relative to --start) or json"
                + " (HDTN contact plan, seconds after --start) (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(
        names = {"-o", "--out"},
        paramLabel = "FILE",
        defaultValue = "-",
        description = "Where to write the plan; - is standard output (default).")
    String out;

    @Option(
        names = {"-q", "--quiet"},
        description = "No progress on standard error.")
    boolean quiet;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      StarlaneCommand root = StarlaneCommand.of(spec);
      Instant from;
      try {
        from = Instant.parse(start);
      } catch (DateTimeParseException e) {
        throw new ParameterException(
            spec.commandLine(),
            "--start '" + start + "' is not an ISO-8601 instant (2026-01-01T00:00:00Z)");
      }
      if (!format.equals("ion") && !format.equals("json")) {
        throw new ParameterException(
            spec.commandLine(), "--format '" + format + "' is not ion or json");
      }
      try {
        List<Satellite> satellites;
        try (Reader r = text(tleFile, root)) {
          satellites = TwoLineElementsFile.read(r, tleFile, firstSatelliteNode);
        }
        List<GroundStation> stations;
        try (Reader r = text(stationsFile, root)) {
          stations =
              GroundStationsFile.read(
                  r, stationsFile, firstStationNode, minElevation == null ? 10 : minElevation);
        }
        if (minElevation != null) {
          List<GroundStation> masked = new ArrayList<>();
          for (GroundStation g : stations) {
            masked.add(
                new GroundStation(
                    g.node(),
                    g.name(),
                    g.latitudeDegrees(),
                    g.longitudeDegrees(),
                    g.altitudeMeters(),
                    minElevation));
          }
          stations = masked;
        }
        PredictionRequest request =
            PredictionRequest.of(
                    satellites,
                    stations,
                    from,
                    duration,
                    new LinkType("uplink", uplinkRate),
                    new LinkType("downlink", downlinkRate))
                .withGridStep(gridStep);
        if (islMaxRangeKm != null) {
          request =
              request.withInterSatelliteLinks(
                  new InterSatelliteLinks(
                      islMaxRangeKm * 1000,
                      islGrazingKm * 1000,
                      new LinkType("crosslink", islRate)));
        }
        EarthData data =
            orekitData == null
                ? EarthData.bundled()
                : EarthData.fromOrekitDataDirectory(orekitData);
        List<ContactWindow> windows =
            new ContactPredictor(data)
                .predict(request, quiet ? PredictionProgress.NONE : new TenthsOnStderr(err));
        ContactPlan plan = PredictedContactPlan.of(windows);
        String text =
            format.equals("ion")
                ? IonContactPlanWriter.relativeTo(from).write(plan)
                : HdtnContactPlanWriter.relativeTo(from).write(plan);
        FileAccess.writeAll(out, text.getBytes(StandardCharsets.UTF_8), root.stdout());
        long ground = windows.stream().filter(w -> w.kind() == ContactWindow.Kind.GROUND).count();
        if (!quiet) {
          err.printf(
              "%d windows (%d ground, %d inter-satellite): %d contacts, %d ranges%n",
              windows.size(),
              ground,
              windows.size() - ground,
              plan.contacts().size(),
              plan.ranges().size());
          err.flush();
        }
        return StarlaneCommand.EXIT_OK;
      } catch (FileAccess.Failure e) {
        err.println(e.getMessage());
        return StarlaneCommand.EXIT_USAGE_OR_IO;
      } catch (OrbitDataException | IllegalArgumentException e) {
        err.println(e.getMessage());
        return StarlaneCommand.EXIT_USAGE_OR_IO;
      } catch (java.io.IOException e) {
        err.println("Cannot read input: " + FileAccess.describe(e));
        return StarlaneCommand.EXIT_USAGE_OR_IO;
      }
    }

    private static Reader text(String file, StarlaneCommand root) throws FileAccess.Failure {
      byte[] bytes = FileAccess.readAll(file, root.stdin());
      return new StringReader(new String(bytes, StandardCharsets.UTF_8));
    }
  }

  /** Prints a phase's progress at each tenth, on the error writer. */
  private static final class TenthsOnStderr implements PredictionProgress {
    private final PrintWriter err;
    private Phase phase;
    private int lastTenth = -1;

    TenthsOnStderr(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void progressed(Phase phase, int done, int total) {
      if (phase != this.phase) {
        this.phase = phase;
        lastTenth = -1;
      }
      int tenth = total == 0 ? 10 : (int) (10L * done / total);
      if (tenth != lastTenth) {
        lastTenth = tenth;
        err.printf(
            "%s %d%% (%d/%d)%n",
            phase.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
            tenth * 10,
            done,
            total);
        err.flush();
      }
    }
  }
}
