package org.starlane.cgr.plan;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.starlane.cgr.Contact;
import org.starlane.cgr.ContactPlan;
import org.starlane.cgr.Range;

/**
 * Reads the contact-plan subset of ION's {@code ionadmin} command language (ION's {@code
 * ionadmin(1)} manual), one command per line:
 *
 * <pre>
 * # comment
 * &#64; 2026/12/01-00:00:00                              set the reference time for +s times
 * a contact +0 +600 1 2 125000 [0.9]                   from_time until_time from_node to_node xmit_data_rate [confidence]
 * a range   +0 +600 1 2 1                              from_time until_time from_node to_node owlt
 * d contact +0 1 2                                     delete the contact from 1 to 2 starting at +0
 * d range   +0 1 2                                     delete the range from 1 to 2 starting at +0
 * </pre>
 *
 * <ul>
 *   <li>Times are absolute {@code yyyy/mm/dd-hh:mm:ss} (UTC) or {@code +s}, seconds after the
 *       reference time. The reference time is the last {@code @} command's, or, before any, the one
 *       the reader is given (ION uses the time the command is read).
 *   <li>Rates are bytes per second (ION's {@code xmit_data_rate}); light times are whole seconds.
 *   <li>ION's range rule (a range from the smaller to the larger node number also applies in
 *       reverse; a contact without a range is unusable) is applied by {@link ContactPlan}, not
 *       here: the plan keeps exactly the ranges the file asserts.
 *   <li>The other ionadmin commands that appear in real {@code .ionrc} files ({@code 1}, {@code s},
 *       {@code x}, {@code m}, {@code e}, {@code v}, {@code h}, {@code r}, {@code w}, {@code t},
 *       {@code z}, {@code ?}) are skipped; anything else is an error.
 * </ul>
 *
 * Every error is a {@link ContactPlanFormatException} naming the line and the field. Immutable,
 * thread-safe.
 */
public final class IonContactPlanReader {

  private static final Logger LOG = LoggerFactory.getLogger(IonContactPlanReader.class);
  private static final Set<String> SKIPPED =
      Set.of("1", "s", "x", "m", "e", "v", "h", "r", "w", "t", "z", "?");
  private static final long MAX_NODE = Long.MAX_VALUE;
  private static final long MAX_RATE = Long.MAX_VALUE / 8;
  private static final long MAX_OWLT_SECONDS = 366L * 86_400;

  /** Longest line accepted, so a hostile file cannot make the reader buffer without bound. */
  public static final int MAX_LINE_CHARS = 4096;

  private final long defaultReferenceMillis;

  private IonContactPlanReader(long defaultReferenceMillis) {
    this.defaultReferenceMillis = defaultReferenceMillis;
  }

  /**
   * A reader whose relative times, before any {@code @} command, count from {@code reference}
   * (truncated to the second).
   */
  public static IonContactPlanReader withReferenceTime(Instant reference) {
    if (reference.isBefore(Instant.EPOCH)) {
      throw new IllegalArgumentException("reference time " + reference + " is before 1970");
    }
    return new IonContactPlanReader(reference.getEpochSecond() * 1000);
  }

  /** Reads a plan from text. */
  public ContactPlan read(String text) {
    try {
      return read(new StringReader(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // StringReader does not throw
    }
  }

  /** Reads a plan from {@code in} (not closed). */
  public ContactPlan read(Reader in) throws IOException {
    BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in);
    PlanAssembly plan = new PlanAssembly();
    long reference = defaultReferenceMillis;
    int lineNo = 0;
    StringBuilder line = new StringBuilder();
    while (readLine(lines, line, lineNo + 1)) {
      lineNo++;
      String text = line.toString().strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      String[] t = text.split("\\s+");
      switch (t[0]) {
        case "@" -> {
          expectCount(t, 2, 2, lineNo, "@ <time>");
          reference = IonTime.parse(t[1], reference, lineNo, "reference_time");
        }
        case "a" -> add(t, reference, lineNo, plan);
        case "d" -> delete(t, reference, lineNo, plan);
        default -> {
          if (!SKIPPED.contains(t[0])) {
            throw new ContactPlanFormatException(
                lineNo, "command", "unknown ionadmin command '" + t[0] + "'");
          }
          LOG.debug("line {}: skipping ionadmin command '{}'", lineNo, t[0]);
        }
      }
    }
    return plan.toPlan();
  }

  private static boolean readLine(BufferedReader in, StringBuilder line, int lineNo)
      throws IOException {
    line.setLength(0);
    int c = in.read();
    if (c < 0) {
      return false;
    }
    while (c >= 0 && c != '\n') {
      if (line.length() >= MAX_LINE_CHARS) {
        throw new ContactPlanFormatException(
            lineNo, null, "line longer than " + MAX_LINE_CHARS + " characters");
      }
      if (c != '\r') {
        line.append((char) c);
      }
      c = in.read();
    }
    return true;
  }

  private static void add(String[] t, long reference, int line, PlanAssembly plan) {
    if (t.length < 2) {
      throw new ContactPlanFormatException(line, "object", "'a' needs 'contact' or 'range'");
    }
    switch (t[1]) {
      case "contact" -> {
        expectCount(
            t,
            7,
            8,
            line,
            "a contact <from_time> <until_time> <from_node> <to_node> <xmit_data_rate>"
                + " [<confidence>]");
        long start = IonTime.parse(t[2], reference, line, "from_time");
        long end = IonTime.parse(t[3], reference, line, "until_time");
        if (end <= start) {
          throw new ContactPlanFormatException(
              line, "until_time", "contact ends at or before its start " + t[2]);
        }
        long from = node(t[4], line, "from_node");
        long to = node(t[5], line, "to_node");
        long rate = IonTime.parseUnsigned(t[6], line, "xmit_data_rate", MAX_RATE);
        if (rate < 1) {
          throw new ContactPlanFormatException(
              line, "xmit_data_rate", "rate 0 bytes/s: a contact carries at least 1 byte/s");
        }
        double confidence = t.length == 8 ? confidence(t[7], line) : 1.0;
        plan.add(new Contact(from, to, start, end, rate, confidence), line);
      }
      case "range" -> {
        expectCount(t, 7, 7, line, "a range <from_time> <until_time> <from_node> <to_node> <owlt>");
        long start = IonTime.parse(t[2], reference, line, "from_time");
        long end = IonTime.parse(t[3], reference, line, "until_time");
        if (end <= start) {
          throw new ContactPlanFormatException(
              line, "until_time", "range ends at or before its start " + t[2]);
        }
        long from = node(t[4], line, "from_node");
        long to = node(t[5], line, "to_node");
        long owlt = IonTime.parseUnsigned(t[6], line, "owlt", MAX_OWLT_SECONDS);
        plan.add(Range.ofSeconds(from, to, start, end, owlt), line);
      }
      default ->
          throw new ContactPlanFormatException(
              line, "object", "'a " + t[1] + "': only 'a contact' and 'a range' are supported");
    }
  }

  private static void delete(String[] t, long reference, int line, PlanAssembly plan) {
    expectCount(t, 5, 5, line, "d contact|range <from_time> <from_node> <to_node>");
    long start = IonTime.parse(t[2], reference, line, "from_time");
    long from = node(t[3], line, "from_node");
    long to = node(t[4], line, "to_node");
    int removed =
        switch (t[1]) {
          case "contact" -> plan.removeContacts(from, to, start);
          case "range" -> plan.removeRanges(from, to, start);
          default ->
              throw new ContactPlanFormatException(
                  line, "object", "'d " + t[1] + "': only 'd contact' and 'd range' are supported");
        };
    LOG.debug("line {}: deleted {} {}(s)", line, removed, t[1]);
  }

  private static void expectCount(String[] t, int min, int max, int line, String syntax) {
    if (t.length < min || t.length > max) {
      throw new ContactPlanFormatException(
          line, null, "expected '" + syntax + "', found " + t.length + " words");
    }
  }

  private static long node(String token, int line, String field) {
    long n = IonTime.parseUnsigned(token, line, field, MAX_NODE);
    if (n < 1) {
      throw new ContactPlanFormatException(
          line, field, "node number " + n + " is not an ipn node number (1 or more)");
    }
    return n;
  }

  private static double confidence(String token, int line) {
    double c;
    try {
      c = Double.parseDouble(token);
    } catch (NumberFormatException e) {
      throw new ContactPlanFormatException(line, "confidence", "'" + token + "' is not a number");
    }
    if (!(c > 0.0 && c <= 1.0)) {
      throw new ContactPlanFormatException(line, "confidence", token + " is not in (0, 1]");
    }
    return c;
  }
}
