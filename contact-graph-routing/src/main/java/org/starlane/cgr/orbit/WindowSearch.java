package org.starlane.cgr.orbit;

import java.util.ArrayList;
import java.util.List;
import org.hipparchus.analysis.solvers.BrentSolver;
import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.exception.MathIllegalStateException;

/**
 * Finds the intervals where a visibility margin {@code g(t)} is zero or positive, from samples of
 * {@code g} on a time grid, without missing short windows.
 *
 * <p>The margin comes with a bound that holds between two instants: either on {@code |g''|} (when
 * the margin also gives its rate {@code g'}) or on {@code |g'|}. The bound may use values at both
 * ends of the interval (a distance, a speed) together with global limits (an acceleration bound
 * turns the end speeds into a speed bound over the interval). On each grid interval {@code [a, b]},
 * of length {@code h}:
 *
 * <ul>
 *   <li>With a rate and {@code |g''| ≤ M}, Taylor's theorem from both ends gives {@code g(a + s) ≤
 *       min(g(a) + g'(a) s + M s²/2, g(b) − g'(b)(h − s) + M (h − s)²/2)}; the maximum over {@code
 *       s} of that minimum of two convex parabolas is at {@code s = 0}, {@code s = h} or where they
 *       meet (their difference is linear in {@code s}). If it is negative, {@code g} stays negative
 *       on the interval. The same with signs flipped shows that a positive {@code g} stays
 *       positive. The margin is monotone on the interval when {@code |g'(a)| + |g'(b)| > M h}.
 *   <li>With only {@code |g'| ≤ L}, {@code g(a + s) ≤ min(g(a) + L s, g(b) + L (h − s)) ≤ (g(a) +
 *       g(b) + L h) / 2}.
 * </ul>
 *
 * <p>An interval whose ends have the same sign and where the bound cannot exclude a sign change is
 * split in two at its midpoint, with an exact evaluation there, until the bound decides or the
 * interval is shorter than {@link #TIME_RESOLUTION_SECONDS} (a window or a gap that short is
 * dropped). An interval whose ends differ in sign is split until the margin is provably monotone,
 * then its single crossing is found with Hipparchus's Brent solver to {@link
 * #ROOT_ACCURACY_SECONDS}. Without a rate (the {@code |g'|} bound), monotonicity cannot be shown
 * and a sign change is taken as one crossing.
 *
 * <p>Confined to one thread (scratch arrays).
 */
final class WindowSearch {
  /** Windows and gaps shorter than this may be dropped. */
  static final double TIME_RESOLUTION_SECONDS = 1e-3;

  /** The accuracy of each window boundary. */
  static final double ROOT_ACCURACY_SECONDS = 1e-4;

  private static final int MAX_SOLVER_EVALUATIONS = 200;

  /** A margin function of time (seconds after the span start). */
  interface Margin {
    /**
     * Writes {@code g(t)} to {@code out[0]}, {@code g'(t)} to {@code out[1]} (or NaN when the
     * margin has no rate) and two auxiliary values that {@link #bound} uses to {@code out[2]} and
     * {@code out[3]} (a distance and a speed, say).
     */
    void evaluate(double t, double[] out);

    /** Whether {@link #evaluate} gives the rate, and {@link #bound} bounds {@code |g''|}. */
    boolean hasRate();

    /**
     * A bound on {@code |g''|} (with a rate) or {@code |g'|} (without) over an interval of length
     * {@code h} whose ends have the auxiliary values {@code auxA}, {@code speedA} and {@code auxB},
     * {@code speedB}.
     */
    double bound(double h, double auxA, double speedA, double auxB, double speedB);
  }

  /** A window in seconds after the span start. */
  record Interval(double start, double end, boolean openAtStart, boolean openAtEnd) {}

  private final BrentSolver solver = new BrentSolver(ROOT_ACCURACY_SECONDS);
  private final double[] scratch = new double[4];
  private final List<Double> crossings = new ArrayList<>();
  private long exactEvaluations;

  /** Exact margin evaluations done by this search so far (the grid samples excluded). */
  long exactEvaluations() {
    return exactEvaluations;
  }

  /** The margin's values on the grid (exact, like {@link Margin#evaluate}). */
  interface GridSamples {
    /** Writes {@code g}, {@code g'} (or NaN) and the auxiliary values at grid index {@code k}. */
    void sample(int k, double[] out);
  }

  /**
   * The windows where {@code margin >= 0} over {@code [times[from], times[to]]}, given the margin's
   * samples on the grid.
   */
  List<Interval> windows(Margin margin, double[] times, GridSamples samples, int from, int to) {
    crossings.clear();
    double[] left = new double[4];
    double[] right = new double[4];
    samples.sample(from, left);
    boolean insideAtFirst = left[0] >= 0;
    for (int k = from; k < to; k++) {
      samples.sample(k + 1, right);
      scanGridInterval(
          margin,
          times[k],
          left[0],
          left[1],
          left[2],
          left[3],
          times[k + 1],
          right[0],
          right[1],
          right[2],
          right[3]);
      double[] swap = left;
      left = right;
      right = swap;
    }
    return assemble(times[from], insideAtFirst, times[to]);
  }

  /** Crossings inside one interval, appended to {@link #crossings}. */
  void scanGridInterval(
      Margin margin,
      double a,
      double ga,
      double da,
      double auxA,
      double speedA,
      double b,
      double gb,
      double db,
      double auxB,
      double speedB) {
    double h = b - a;
    boolean insideA = ga >= 0;
    boolean insideB = gb >= 0;
    double bound = margin.bound(h, auxA, speedA, auxB, speedB);
    if (insideA != insideB) {
      if (!margin.hasRate() || monotone(da, db, h, bound) || h <= TIME_RESOLUTION_SECONDS) {
        crossings.add(root(margin, a, b));
        return;
      }
    } else {
      boolean mayChange =
          margin.hasRate()
              ? (insideA
                  ? -maxOfTaylorBounds(-ga, -da, -gb, -db, h, bound) <= 0
                  : maxOfTaylorBounds(ga, da, gb, db, h, bound) >= 0)
              : (insideA ? (ga + gb - bound * h) / 2 <= 0 : (ga + gb + bound * h) / 2 >= 0);
      if (!mayChange || h <= TIME_RESOLUTION_SECONDS) {
        return;
      }
    }
    double m = a + h / 2;
    margin.evaluate(m, scratch);
    exactEvaluations++;
    double gm = scratch[0];
    double dm = scratch[1];
    double auxM = scratch[2];
    double speedM = scratch[3];
    scanGridInterval(margin, a, ga, da, auxA, speedA, m, gm, dm, auxM, speedM);
    scanGridInterval(margin, m, gm, dm, auxM, speedM, b, gb, db, auxB, speedB);
  }

  /** Whether {@code g'} cannot vanish on the interval, given {@code |g''| <= bound}. */
  static boolean monotone(double da, double db, double h, double bound) {
    // same sign at both ends, and a margin against rounding when the bound is tight
    return (da > 0) == (db > 0) && Math.abs(da) + Math.abs(db) > bound * h * (1 + 1e-9);
  }

  /**
   * {@code max over s in [0, h] of min(ga + da s + M s²/2, gb − db (h − s) + M (h − s)²/2)}: an
   * upper bound of {@code g} on the interval when {@code |g''| <= M}.
   */
  static double maxOfTaylorBounds(double ga, double da, double gb, double db, double h, double m) {
    double atStart = Math.min(ga, gb - db * h + m * h * h / 2);
    double atEnd = Math.min(ga + da * h + m * h * h / 2, gb);
    double best = Math.max(atStart, atEnd);
    // the difference of the two parabolas is linear in s: c0 + c1 s
    double c0 = ga - gb + db * h - m * h * h / 2;
    double c1 = da - db + m * h;
    if (c1 != 0) {
      double s = -c0 / c1;
      if (s > 0 && s < h) {
        best = Math.max(best, ga + da * s + m * s * s / 2);
      }
    }
    return best;
  }

  private double root(Margin margin, double a, double b) {
    try {
      return solver.solve(
          MAX_SOLVER_EVALUATIONS,
          t -> {
            exactEvaluations++;
            margin.evaluate(t, scratch);
            return scratch[0];
          },
          a,
          b);
    } catch (MathIllegalArgumentException | MathIllegalStateException e) {
      // the ends did not bracket a root after all (rounding at a tangency): take the midpoint
      return a + (b - a) / 2;
    }
  }

  private List<Interval> assemble(double first, boolean insideAtFirst, double last) {
    List<Interval> out = new ArrayList<>();
    boolean inside = insideAtFirst;
    double open = first;
    boolean openAtStart = insideAtFirst;
    for (double t : crossings) {
      if (inside) {
        if (t > open) {
          out.add(new Interval(open, t, openAtStart, false));
        }
        inside = false;
      } else {
        open = t;
        openAtStart = false;
        inside = true;
      }
    }
    if (inside && last > open) {
      out.add(new Interval(open, last, openAtStart, true));
    }
    return out;
  }

  /** The intersection of two sorted lists of disjoint intervals. */
  static List<Interval> intersect(List<Interval> x, List<Interval> y) {
    List<Interval> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < x.size() && j < y.size()) {
      Interval p = x.get(i);
      Interval q = y.get(j);
      double start = Math.max(p.start(), q.start());
      double end = Math.min(p.end(), q.end());
      if (end > start) {
        // open at the span's start (end) only when both conditions already (still) hold there
        out.add(
            new Interval(
                start, end, p.openAtStart() && q.openAtStart(), p.openAtEnd() && q.openAtEnd()));
      }
      if (p.end() < q.end()) {
        i++;
      } else {
        j++;
      }
    }
    return out;
  }
}
