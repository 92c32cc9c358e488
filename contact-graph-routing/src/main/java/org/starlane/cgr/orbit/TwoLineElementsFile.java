package org.starlane.cgr.orbit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads a file of two-line element sets, as CelesTrak and Space-Track publish them: each set is two
 * lines starting with {@code "1 "} and {@code "2 "}, optionally preceded by a title line (the
 * satellite's name, possibly written {@code "0 NAME"}). Blank lines are ignored. A set without a
 * title is named after its catalog number.
 *
 * <p>Satellites get consecutive node numbers in file order, from a first node number that the
 * caller chooses.
 *
 * <p>Thread-safe (stateless).
 */
public final class TwoLineElementsFile {
  private static final int MAX_LINE_CHARS = 200;

  private TwoLineElementsFile() {}

  /**
   * The satellites of {@code reader}'s text.
   *
   * @param reader the text (closed by the caller)
   * @param source the file name, for messages
   * @param firstNode the node number of the first satellite
   * @throws OrbitDataException naming the line when a set is malformed or the file holds none
   */
  public static List<Satellite> read(Reader reader, String source, long firstNode) {
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(source, "source");
    Checks.node("first satellite", firstNode);
    List<Satellite> out = new ArrayList<>();
    BufferedReader lines = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
    String title = null;
    int titleLine = 0;
    String line1 = null;
    int line1Number = 0;
    int number = 0;
    try {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        number++;
        if (line.length() > MAX_LINE_CHARS) {
          throw new OrbitDataException(
              source + ":" + number + ": line longer than " + MAX_LINE_CHARS + " characters");
        }
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
          continue;
        }
        if (line1 != null) {
          if (!line.startsWith("2 ")) {
            throw new OrbitDataException(
                source
                    + ":"
                    + number
                    + ": expected line 2 of the element set begun on line "
                    + line1Number);
          }
          String name =
              title != null
                  ? title
                  : "SAT-" + line1.substring(2, Math.min(7, line1.length())).strip();
          TwoLineElements elements;
          try {
            elements = new TwoLineElements(line1, line);
          } catch (IllegalArgumentException e) {
            throw new OrbitDataException(
                source + ":" + line1Number + "-" + number + ": " + e.getMessage(), e);
          }
          long node = firstNode + out.size();
          try {
            out.add(new Satellite(node, name, elements));
          } catch (IllegalArgumentException e) {
            throw new OrbitDataException(
                source + ":" + (title != null ? titleLine : line1Number) + ": " + e.getMessage(),
                e);
          }
          title = null;
          line1 = null;
        } else if (line.startsWith("1 ")) {
          line1 = line;
          line1Number = number;
        } else if (line.startsWith("2 ")) {
          throw new OrbitDataException(
              source + ":" + number + ": line 2 without a line 1 before it");
        } else {
          if (title != null) {
            throw new OrbitDataException(
                source
                    + ":"
                    + number
                    + ": two title lines in a row (line "
                    + titleLine
                    + " and this one)");
          }
          title = trimmed.startsWith("0 ") ? trimmed.substring(2).strip() : trimmed;
          titleLine = number;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(source + ": " + e.getMessage(), e);
    }
    if (line1 != null) {
      throw new OrbitDataException(source + ":" + line1Number + ": element set without its line 2");
    }
    if (title != null) {
      throw new OrbitDataException(
          source + ":" + titleLine + ": title line without an element set");
    }
    if (out.isEmpty()) {
      throw new OrbitDataException(source + ": no two-line element set");
    }
    return List.copyOf(out);
  }
}
