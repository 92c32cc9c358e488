package org.starlane.benchmarks.cgr;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.starlane.cgr.Contact;
import org.starlane.cgr.ContactPlan;
import org.starlane.cgr.Range;

/**
 * A synthetic but geometrically plausible 24-hour contact plan for the route-search benchmark: a
 * Walker-star constellation of 66 satellites (6 polar planes of 11, 86.4° inclination, 550 km,
 * circular, plane spacing 30°, odd planes offset by half a slot) and 10 ground stations on a
 * spherical, rotating Earth. Sampled every 20 s:
 *
 * <ul>
 *   <li>ground contacts (both directions, 1,000,000 bytes/s) while the satellite is at least 10°
 *       above the station's horizon;
 *   <li>inter-satellite contacts (both directions, 1,250,000 bytes/s) while the line of sight
 *       clears the Earth by 80 km and the range is at most 4,000 km.
 * </ul>
 *
 * Each contact has a range with the light time at its midpoint. Stations are nodes 1–10, satellites
 * 101–166. No Orekit: two-body circular orbits are enough to get the contact pattern (counts,
 * durations, overlaps) of a real constellation; the orbit package predicts real plans.
 */
public final class SyntheticConstellation {
  private SyntheticConstellation() {}

  static final int PLANES = 6;
  static final int PER_PLANE = 11;
  static final long FIRST_SATELLITE = 101;
  static final long FIRST_STATION = 1;
  static final int STATIONS = 10;

  private static final double MU = 398_600.4418; // km^3/s^2
  private static final double EARTH_RADIUS = 6_371.0; // km
  private static final double EARTH_RATE = 7.292_115_9e-5; // rad/s
  private static final double C = 299_792.458; // km/s
  private static final double A = EARTH_RADIUS + 550;
  private static final double INCLINATION = Math.toRadians(86.4);
  private static final double MIN_ELEVATION = Math.toRadians(10);
  private static final double GRAZING = EARTH_RADIUS + 80;
  private static final double MAX_ISL_KM = 4_000;
  private static final long STEP_MILLIS = 20_000;

  /** Latitude, longitude (degrees) of the stations. */
  private static final double[][] STATION_SITES = {
    {78.23, 15.41}, // Svalbard
    {67.86, 20.96}, // Kiruna
    {64.86, -147.85}, // Fairbanks
    {40.43, -4.25}, // Madrid
    {35.43, -116.89}, // Goldstone
    {-35.40, 148.98}, // Canberra
    {-33.13, -70.67}, // Santiago
    {-25.89, 27.69}, // Hartebeesthoek
    {1.36, 103.99}, // Singapore
    {-77.85, 166.67}, // McMurdo
  };

  /** The plan from {@code startMillis} over {@code span}. */
  public static ContactPlan plan(long startMillis, Duration span) {
    int steps = (int) (span.toMillis() / STEP_MILLIS) + 1;
    int sats = PLANES * PER_PLANE;
    double[][][] sat = new double[steps][sats][];
    double[][][] station = new double[steps][STATIONS][];
    double period = 2 * Math.PI * Math.sqrt(A * A * A / MU);
    double n = 2 * Math.PI / period;
    for (int k = 0; k < steps; k++) {
      double t = k * STEP_MILLIS / 1000.0;
      for (int p = 0; p < PLANES; p++) {
        double raan = Math.toRadians(30.0 * p);
        for (int s = 0; s < PER_PLANE; s++) {
          double u = 2 * Math.PI * (s + (p % 2) * 0.5) / PER_PLANE + n * t;
          sat[k][p * PER_PLANE + s] = position(raan, u);
        }
      }
      for (int g = 0; g < STATIONS; g++) {
        double lat = Math.toRadians(STATION_SITES[g][0]);
        double lon = Math.toRadians(STATION_SITES[g][1]) + EARTH_RATE * t;
        station[k][g] =
            new double[] {
              EARTH_RADIUS * Math.cos(lat) * Math.cos(lon),
              EARTH_RADIUS * Math.cos(lat) * Math.sin(lon),
              EARTH_RADIUS * Math.sin(lat)
            };
      }
    }
    List<Contact> contacts = new ArrayList<>();
    List<Range> ranges = new ArrayList<>();
    for (int g = 0; g < STATIONS; g++) {
      for (int s = 0; s < sats; s++) {
        final int gg = g;
        final int ss = s;
        windows(
            steps,
            startMillis,
            k -> visible(station[k][gg], sat[k][ss]),
            k -> distance(station[k][gg], sat[k][ss]),
            FIRST_STATION + g,
            FIRST_SATELLITE + s,
            1_000_000,
            contacts,
            ranges);
      }
    }
    for (int a = 0; a < sats; a++) {
      for (int b = a + 1; b < sats; b++) {
        final int aa = a;
        final int bb = b;
        windows(
            steps,
            startMillis,
            k -> lineOfSight(sat[k][aa], sat[k][bb]),
            k -> distance(sat[k][aa], sat[k][bb]),
            FIRST_SATELLITE + a,
            FIRST_SATELLITE + b,
            1_250_000,
            contacts,
            ranges);
      }
    }
    return ContactPlan.of(contacts, ranges);
  }

  private interface Sample {
    boolean at(int k);
  }

  private interface Distance {
    double at(int k);
  }

  private static void windows(
      int steps,
      long startMillis,
      Sample visible,
      Distance km,
      long x,
      long y,
      long rate,
      List<Contact> contacts,
      List<Range> ranges) {
    int open = -1;
    for (int k = 0; k <= steps; k++) {
      boolean v = k < steps && visible.at(k);
      if (v && open < 0) {
        open = k;
      } else if (!v && open >= 0) {
        long s = startMillis + open * STEP_MILLIS;
        long e = startMillis + Math.min(k, steps - 1) * STEP_MILLIS;
        if (e > s) {
          long owltMicros = Math.round(km.at((open + k - 1) / 2) / C * 1e6);
          Duration owlt = Duration.ofNanos(owltMicros * 1000);
          contacts.add(Contact.of(x, y, s, e, rate));
          contacts.add(Contact.of(y, x, s, e, rate));
          ranges.add(new Range(x, y, s, e, owlt));
        }
        open = -1;
      }
    }
  }

  private static double[] position(double raan, double u) {
    double cu = Math.cos(u);
    double su = Math.sin(u);
    double ci = Math.cos(INCLINATION);
    double co = Math.cos(raan);
    double so = Math.sin(raan);
    return new double[] {
      A * (co * cu - so * su * ci), A * (so * cu + co * su * ci), A * su * Math.sin(INCLINATION)
    };
  }

  private static boolean visible(double[] g, double[] s) {
    double dx = s[0] - g[0];
    double dy = s[1] - g[1];
    double dz = s[2] - g[2];
    double d = Math.sqrt(dx * dx + dy * dy + dz * dz);
    double up = (dx * g[0] + dy * g[1] + dz * g[2]) / (d * EARTH_RADIUS);
    return up >= Math.sin(MIN_ELEVATION);
  }

  private static boolean lineOfSight(double[] a, double[] b) {
    double dx = b[0] - a[0];
    double dy = b[1] - a[1];
    double dz = b[2] - a[2];
    double len2 = dx * dx + dy * dy + dz * dz;
    if (len2 > MAX_ISL_KM * MAX_ISL_KM) {
      return false;
    }
    double t = -(a[0] * dx + a[1] * dy + a[2] * dz) / len2;
    t = Math.max(0, Math.min(1, t));
    double px = a[0] + t * dx;
    double py = a[1] + t * dy;
    double pz = a[2] + t * dz;
    return px * px + py * py + pz * pz > GRAZING * GRAZING;
  }

  private static double distance(double[] a, double[] b) {
    double dx = b[0] - a[0];
    double dy = b[1] - a[1];
    double dz = b[2] - a[2];
    return Math.sqrt(dx * dx + dy * dy + dz * dz);
  }
}
