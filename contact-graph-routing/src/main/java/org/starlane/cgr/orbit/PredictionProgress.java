package org.starlane.cgr.orbit;

/**
 * Receives progress reports from a running prediction; a long prediction (many satellites, many
 * days) reports often enough for a progress bar. Called on the predicting thread; keep it quick.
 */
@FunctionalInterface
public interface PredictionProgress {
  /** Ignores every report. */
  PredictionProgress NONE = (phase, done, total) -> {};

  /** The steps of a prediction, in order. */
  enum Phase {
    /** Propagating each satellite over the grid. */
    PROPAGATION,
    /** Searching ground-station visibility windows (counted in stations). */
    GROUND_STATIONS,
    /** Searching inter-satellite windows (counted in satellites). */
    INTER_SATELLITE_LINKS
  }

  /**
   * {@code done} of {@code total} units of {@code phase} are finished.
   *
   * @param phase the step
   * @param done units done, 0..total
   * @param total units in the step
   */
  void progressed(Phase phase, int done, int total);
}
