package org.starlane.cgr.orbit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads a ground-station file: comma-separated values, one station a line.
 *
 * <pre>
 * # name,latitude_deg,longitude_deg,altitude_m,min_elevation_deg[,node]
 * svalbard,78.23,15.39,500,10
 * wallops,37.94,-75.46,10,10,7
 * </pre>
 *
 * <ul>
 *   <li>Lines starting with {@code #} and blank lines are ignored; so is a first line starting with
 *       {@code name,} (a header).
 *   <li>Fields: a name (no comma), geodetic latitude and longitude in degrees (east positive),
 *       altitude above the WGS-84 ellipsoid in meters, the minimum elevation in degrees (may be
 *       left empty: the caller's default applies), and optionally the station's ipn node number.
 *   <li>A station without a node number gets {@code firstNode + i}, where {@code i} counts the
 *       stations before it in the file.
 * </ul>
 *
 * <p>Thread-safe (stateless).
 */
public final class GroundStationsFile {
  private static final int MAX_LINE_CHARS = 1000;

  private GroundStationsFile() {}

  /**
   * The stations of {@code reader}'s text.
   *
   * @param reader the text (closed by the caller)
   * @param source the file name, for messages
   * @param firstNode the node number of the first station without one
   * @param defaultMinElevationDegrees the elevation mask of stations that leave it empty
   * @throws OrbitDataException naming the line and the field when a line is malformed, or when the
   *     file holds no station
   */
  public static List<GroundStation> read(
      Reader reader, String source, long firstNode, double defaultMinElevationDegrees) {
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(source, "source");
    Checks.node("first station", firstNode);
    List<GroundStation> out = new ArrayList<>();
    BufferedReader lines = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
    int number = 0;
    boolean first = true;
    try {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        number++;
        if (line.length() > MAX_LINE_CHARS) {
          throw new OrbitDataException(
              source + ":" + number + ": line longer than " + MAX_LINE_CHARS + " characters");
        }
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        if (first && trimmed.toLowerCase(java.util.Locale.ROOT).startsWith("name,")) {
          first = false;
          continue;
        }
        first = false;
        out.add(parse(trimmed, source, number, firstNode + out.size(), defaultMinElevationDegrees));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(source + ": " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new OrbitDataException(source + ": no ground station");
    }
    return List.copyOf(out);
  }

  private static GroundStation parse(
      String line, String source, int number, long defaultNode, double defaultMask) {
    String[] fields = line.split(",", -1);
    if (fields.length < 5 || fields.length > 6) {
      throw new OrbitDataException(
          source
              + ":"
              + number
              + ": expected 5 or 6 comma-separated fields"
              + " (name,latitude_deg,longitude_deg,altitude_m,min_elevation_deg[,node]), found "
              + fields.length);
    }
    String name = fields[0].strip();
    double latitude = number(fields[1], "latitude_deg", source, number);
    double longitude = number(fields[2], "longitude_deg", source, number);
    double altitude = number(fields[3], "altitude_m", source, number);
    double mask =
        fields[4].isBlank() ? defaultMask : number(fields[4], "min_elevation_deg", source, number);
    long node = defaultNode;
    if (fields.length == 6 && !fields[5].isBlank()) {
      try {
        node = Long.parseLong(fields[5].strip());
      } catch (NumberFormatException e) {
        throw new OrbitDataException(
            source + ":" + number + ": field node: '" + fields[5].strip() + "' is not an integer",
            e);
      }
    }
    try {
      return new GroundStation(node, name, latitude, longitude, altitude, mask);
    } catch (IllegalArgumentException e) {
      throw new OrbitDataException(source + ":" + number + ": " + e.getMessage(), e);
    }
  }

  private static double number(String field, String name, String source, int line) {
    String text = field.strip();
    try {
      double value = Double.parseDouble(text);
      if (!Double.isFinite(value)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new OrbitDataException(
          source + ":" + line + ": field " + name + ": '" + text + "' is not a finite number", e);
    }
  }
}
