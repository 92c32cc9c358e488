package org.starlane.cgr.orbit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

/**
 * The bounds the window search relies on, and the search itself, on random functions whose second
 * derivative is bounded: a cubic {@code c0 + c1 t + c2 t² + c3 t³} on {@code [0, h]} has {@code
 * |g''| ≤ 2|c2| + 6|c3| h}.
 */
class WindowSearchProperties {
  @Property(tries = 2000)
  void taylorBoundIsAnUpperBoundOfTheFunction(
      @ForAll @DoubleRange(min = -1, max = 1) double c0,
      @ForAll @DoubleRange(min = -1, max = 1) double c1,
      @ForAll @DoubleRange(min = -1, max = 1) double c2,
      @ForAll @DoubleRange(min = -1, max = 1) double c3,
      @ForAll @DoubleRange(min = 0.01, max = 5) double h) {
    double m = 2 * Math.abs(c2) + 6 * Math.abs(c3) * h;
    double bound =
        WindowSearch.maxOfTaylorBounds(
            g(c0, c1, c2, c3, 0),
            rate(c1, c2, c3, 0),
            g(c0, c1, c2, c3, h),
            rate(c1, c2, c3, h),
            h,
            m);
    for (int i = 0; i <= 200; i++) {
      double t = h * i / 200;
      assertThat(g(c0, c1, c2, c3, t)).isLessThanOrEqualTo(bound + 1e-9);
    }
    // and monotone really means monotone
    if (WindowSearch.monotone(rate(c1, c2, c3, 0), rate(c1, c2, c3, h), h, m)) {
      double sign = Math.signum(rate(c1, c2, c3, 0));
      for (int i = 0; i <= 200; i++) {
        assertThat(sign * rate(c1, c2, c3, h * i / 200)).isGreaterThanOrEqualTo(-1e-9);
      }
    }
  }

  @Property(tries = 300)
  void searchFindsEveryWindowOfACubicOnACoarseGrid(
      @ForAll @DoubleRange(min = -1, max = 1) double c0,
      @ForAll @DoubleRange(min = -1, max = 1) double c1,
      @ForAll @DoubleRange(min = -1, max = 1) double c2,
      @ForAll @DoubleRange(min = -1, max = 1) double c3) {
    double span = 4;
    double m = 2 * Math.abs(c2) + 6 * Math.abs(c3) * span;
    WindowSearch.Margin margin =
        new WindowSearch.Margin() {
          @Override
          public void evaluate(double t, double[] out) {
            out[0] = g(c0, c1, c2, c3, t - 2);
            out[1] = rate(c1, c2, c3, t - 2);
            out[2] = 0;
            out[3] = 0;
          }

          @Override
          public boolean hasRate() {
            return true;
          }

          @Override
          public double bound(double h, double a, double va, double b, double vb) {
            return m;
          }
        };
    double[] times = {0, 2, 4}; // two grid intervals: a cubic has up to three roots
    List<WindowSearch.Interval> found =
        new WindowSearch().windows(margin, times, (k, out) -> margin.evaluate(times[k], out), 0, 2);
    // reference: a very fine scan
    int n = 400_000;
    int changes = 0;
    double lastChange = 0; // the span's start bounds the first window or gap
    double minChangeSpacing = Double.MAX_VALUE;
    boolean inside = g(c0, c1, c2, c3, -2) >= 0;
    double inWindows = 0;
    for (int i = 1; i <= n; i++) {
      double t = span * i / n;
      boolean now = g(c0, c1, c2, c3, t - 2) >= 0;
      if (now != inside) {
        changes++;
        inside = now;
        minChangeSpacing = Math.min(minChangeSpacing, t - lastChange);
        lastChange = t;
      }
      if (now) {
        inWindows += span / n;
      }
    }
    if (changes > 0) {
      // and the span's end bounds the last one: a root at (or within the resolution of) either end
      // of the span makes a window or gap of no length, which the search may drop
      minChangeSpacing = Math.min(minChangeSpacing, span - lastChange);
    }
    double total = found.stream().mapToDouble(w -> w.end() - w.start()).sum();
    // windows and gaps under the search's time resolution may be dropped
    assertThat(total).isCloseTo(inWindows, org.assertj.core.api.Assertions.within(3e-3));
    int boundaries = 0;
    for (WindowSearch.Interval w : found) {
      boundaries += (w.openAtStart() ? 0 : 1) + (w.openAtEnd() ? 0 : 1);
    }
    // every sign change is found when windows and gaps are well above the time resolution
    if (minChangeSpacing > 1e-2) {
      assertThat(boundaries).isEqualTo(changes);
    }
  }

  private static double g(double c0, double c1, double c2, double c3, double t) {
    return c0 + t * (c1 + t * (c2 + t * c3));
  }

  private static double rate(double c1, double c2, double c3, double t) {
    return c1 + t * (2 * c2 + 3 * c3 * t);
  }
}
