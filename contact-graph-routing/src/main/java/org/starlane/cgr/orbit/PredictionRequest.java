package org.starlane.cgr.orbit;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to predict: which satellites and ground stations, over which time span, with which links.
 *
 * <p>Every satellite–station pair is checked for visibility (ground contacts, {@code uplink} from
 * station to satellite and {@code downlink} back); every satellite pair is checked for an
 * inter-satellite link when {@code interSatelliteLinks} is present.
 *
 * <p>The grid step only trades speed for work: the search never misses a window because of it (see
 * {@link ContactPredictor}). Immutable, thread-safe.
 *
 * @param satellites the satellites, node numbers unique among satellites and stations
 * @param stations the ground stations
 * @param start the first instant of the span (UTC)
 * @param duration the span's length, 1 s..366 days
 * @param uplink the link from a station to a satellite
 * @param downlink the link from a satellite to a station
 * @param interSatelliteLinks the inter-satellite link rule, or empty for none
 * @param gridStep the sampling step of the geometry, 0.5 s..120 s (10 s is a good default)
 * @param rangeSampleInterval the spacing of the range samples inside a window, at least the grid
 *     step
 */
public record PredictionRequest(
    List<Satellite> satellites,
    List<GroundStation> stations,
    Instant start,
    Duration duration,
    LinkType uplink,
    LinkType downlink,
    Optional<InterSatelliteLinks> interSatelliteLinks,
    Duration gridStep,
    Duration rangeSampleInterval) {

  /** The default sampling step of the geometry. */
  public static final Duration DEFAULT_GRID_STEP = Duration.ofSeconds(10);

  /** The default spacing of range samples inside a window. */
  public static final Duration DEFAULT_RANGE_SAMPLE_INTERVAL = Duration.ofMinutes(1);

  public PredictionRequest {
    satellites = List.copyOf(satellites);
    stations = List.copyOf(stations);
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(uplink, "uplink");
    Objects.requireNonNull(downlink, "downlink");
    Objects.requireNonNull(interSatelliteLinks, "interSatelliteLinks");
    Objects.requireNonNull(gridStep, "gridStep");
    Objects.requireNonNull(rangeSampleInterval, "rangeSampleInterval");
    if (duration.compareTo(Duration.ofSeconds(1)) < 0
        || duration.compareTo(Duration.ofDays(366)) > 0) {
      throw new IllegalArgumentException("prediction span " + duration + " is not in [1 s, 366 d]");
    }
    if (gridStep.compareTo(Duration.ofMillis(500)) < 0
        || gridStep.compareTo(Duration.ofSeconds(120)) > 0) {
      throw new IllegalArgumentException("grid step " + gridStep + " is not in [0.5 s, 120 s]");
    }
    if (rangeSampleInterval.compareTo(gridStep) < 0) {
      throw new IllegalArgumentException(
          "range sample interval "
              + rangeSampleInterval
              + " is shorter than the grid step "
              + gridStep);
    }
    Map<Long, String> names = new HashMap<>();
    for (Satellite s : satellites) {
      String previous = names.putIfAbsent(s.node(), "satellite " + s.name());
      if (previous != null) {
        throw new IllegalArgumentException(
            "node number " + s.node() + " of satellite " + s.name() + " is also " + previous);
      }
    }
    for (GroundStation g : stations) {
      String previous = names.putIfAbsent(g.node(), "station " + g.name());
      if (previous != null) {
        throw new IllegalArgumentException(
            "node number " + g.node() + " of station " + g.name() + " is also " + previous);
      }
    }
  }

  /**
   * A request for ground contacts only, with the default grid step and range sample interval; add
   * inter-satellite links with {@link #withInterSatelliteLinks}.
   */
  public static PredictionRequest of(
      List<Satellite> satellites,
      List<GroundStation> stations,
      Instant start,
      Duration duration,
      LinkType uplink,
      LinkType downlink) {
    return new PredictionRequest(
        satellites,
        stations,
        start,
        duration,
        uplink,
        downlink,
        Optional.empty(),
        DEFAULT_GRID_STEP,
        DEFAULT_RANGE_SAMPLE_INTERVAL);
  }

  /** This request, also predicting inter-satellite links. */
  public PredictionRequest withInterSatelliteLinks(InterSatelliteLinks links) {
    return new PredictionRequest(
        satellites,
        stations,
        start,
        duration,
        uplink,
        downlink,
        Optional.of(links),
        gridStep,
        rangeSampleInterval);
  }

  /** This request with another grid step (the range sample interval grows to it if shorter). */
  public PredictionRequest withGridStep(Duration step) {
    Duration samples = rangeSampleInterval.compareTo(step) < 0 ? step : rangeSampleInterval;
    return new PredictionRequest(
        satellites,
        stations,
        start,
        duration,
        uplink,
        downlink,
        interSatelliteLinks,
        step,
        samples);
  }

  /** The end of the span. */
  public Instant end() {
    return start.plus(duration);
  }
}
