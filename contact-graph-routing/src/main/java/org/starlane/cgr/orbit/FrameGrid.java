package org.starlane.cgr.orbit;

import org.orekit.frames.Frame;
import org.orekit.frames.Transform;
import org.orekit.time.AbsoluteDate;

/**
 * The transforms from one inertial frame to the Earth-fixed frame at the instants of the time grid,
 * computed once and shared by every satellite given in that frame.
 *
 * <p>Between grid instants, {@link #at} shifts the transform of the nearest grid instant with its
 * rotation rate and acceleration (Orekit's {@link Transform#shiftedBy}): the Earth turns at a
 * constant rate to far better than 1e-12 rad/s² over a few seconds, so the shift is exact to well
 * below a millimetre, at a fraction of the cost of a full transform. The last shifted transform is
 * kept: the two satellites of an inter-satellite margin ask for the same instant in a row.
 *
 * <p>Confined to one thread (the one-entry cache).
 */
final class FrameGrid {
  private final double[] times;
  private final Transform[] transforms;
  private double cachedSeconds = Double.NaN;
  private Transform cached;

  FrameGrid(Frame inertial, Frame itrf, AbsoluteDate start, double[] times) {
    this.times = times;
    this.transforms = new Transform[times.length];
    for (int k = 0; k < times.length; k++) {
      transforms[k] = inertial.getTransformTo(itrf, start.shiftedBy(times[k]));
    }
  }

  /** The transform at grid index {@code k}. */
  Transform atGrid(int k) {
    return transforms[k];
  }

  /** The transform at {@code seconds} after the span start. */
  Transform at(double seconds) {
    if (seconds != cachedSeconds) {
      int last = times.length - 1;
      double step = last > 0 ? times[1] : 1;
      int k = Math.max(0, Math.min((int) Math.round(seconds / step), last));
      cached = seconds == times[k] ? transforms[k] : transforms[k].shiftedBy(seconds - times[k]);
      cachedSeconds = seconds;
    }
    return cached;
  }
}
