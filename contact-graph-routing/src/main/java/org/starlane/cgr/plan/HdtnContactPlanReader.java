package org.starlane.cgr.plan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.starlane.cgr.Contact;
import org.starlane.cgr.ContactPlan;
import org.starlane.cgr.Range;

/**
 * Reads an HDTN JSON contact plan (the format of NASA HDTN's {@code --contact-plan-file}):
 *
 * <pre>
 * { "contacts": [
 *     { "contact": 0, "source": 1, "dest": 2, "startTime": 0, "endTime": 600,
 *       "rateBitsPerSec": 1000000, "owlt": 1 } ] }
 * </pre>
 *
 * <ul>
 *   <li>{@code source}, {@code dest}: ipn node numbers; {@code startTime}, {@code endTime}: whole
 *       seconds after the epoch the reader is given (HDTN counts from its start, or from the Unix
 *       epoch with {@code --use-unix-timestamp}); {@code owlt}: one-way light time, whole seconds.
 *   <li>{@code rateBitsPerSec}: bits per second, divided by 8 (rounded down, at least 1 byte/s) for
 *       the model's bytes per second. Older plans give {@code rate} in megabits per second instead,
 *       which HDTN still accepts, and so does this reader.
 *   <li>Each contact becomes a {@link Contact} and a {@link Range} over the same interval with its
 *       {@code owlt}. {@code contact} (an index), {@code finalDestination} and unknown members are
 *       ignored; an optional {@code confidence} in (0, 1] is read.
 * </ul>
 *
 * Every error is a {@link ContactPlanFormatException} naming the line of the offending token and
 * the member. Immutable, thread-safe.
 */
public final class HdtnContactPlanReader {

  private static final JsonFactory JSON = new JsonFactory();
  private static final long MAX_SECONDS = 9_000_000_000L;
  private static final long MAX_OWLT_SECONDS = 366L * 86_400;

  private final long epochMillis;

  private HdtnContactPlanReader(long epochMillis) {
    this.epochMillis = epochMillis;
  }

  /** A reader of times in seconds after {@code epoch} (truncated to the second). */
  public static HdtnContactPlanReader relativeTo(Instant epoch) {
    if (epoch.isBefore(Instant.EPOCH)) {
      throw new IllegalArgumentException("epoch " + epoch + " is before 1970");
    }
    return new HdtnContactPlanReader(epoch.getEpochSecond() * 1000);
  }

  /** Reads a plan from JSON text. */
  public ContactPlan read(String json) {
    try {
      return read(new StringReader(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // StringReader does not throw
    }
  }

  /** Reads a plan from {@code in} (not closed). */
  public ContactPlan read(Reader in) throws IOException {
    PlanAssembly plan = new PlanAssembly();
    try (JsonParser p = JSON.createParser(in)) {
      p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
      expect(p, p.nextToken(), JsonToken.START_OBJECT, null, "a JSON object");
      boolean sawContacts = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("contacts".equals(name)) {
          expect(p, value, JsonToken.START_ARRAY, name, "an array of contacts");
          while (p.nextToken() != JsonToken.END_ARRAY) {
            readContact(p, plan);
          }
          sawContacts = true;
        } else {
          p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw new ContactPlanFormatException(line(p), null, "content after the plan object");
      }
      if (!sawContacts) {
        throw new ContactPlanFormatException(
            ContactPlanFormatException.NO_LINE, "contacts", "no \"contacts\" member");
      }
    } catch (JsonParseException | StreamConstraintsException e) {
      int line =
          e.getLocation() == null
              ? ContactPlanFormatException.NO_LINE
              : e.getLocation().getLineNr();
      throw new ContactPlanFormatException(
          line, null, "malformed JSON: " + e.getOriginalMessage(), e);
    }
    return plan.toPlan();
  }

  private void readContact(JsonParser p, PlanAssembly plan) throws IOException {
    int line = line(p);
    expect(p, p.currentToken(), JsonToken.START_OBJECT, "contacts", "a contact object");
    Long source = null;
    Long dest = null;
    Long start = null;
    Long end = null;
    Long rateBits = null;
    Long rateMbits = null;
    Long owlt = null;
    double confidence = 1.0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "source" -> source = node(p, name);
        case "dest" -> dest = node(p, name);
        case "startTime" -> start = integer(p, name, MAX_SECONDS);
        case "endTime" -> end = integer(p, name, MAX_SECONDS);
        case "rateBitsPerSec" -> rateBits = integer(p, name, Long.MAX_VALUE);
        case "rate" -> rateMbits = integer(p, name, Long.MAX_VALUE / 1_000_000);
        case "owlt" -> owlt = integer(p, name, MAX_OWLT_SECONDS);
        case "confidence" -> confidence = confidence(p);
        default -> p.skipChildren(); // "contact", "finalDestination", extensions
      }
    }
    source = required(source, "source", line);
    dest = required(dest, "dest", line);
    start = required(start, "startTime", line);
    end = required(end, "endTime", line);
    owlt = required(owlt, "owlt", line);
    if (end <= start) {
      throw new ContactPlanFormatException(
          line, "endTime", "endTime " + end + " is not after startTime " + start);
    }
    long bitsPerSecond;
    if (rateBits != null) {
      bitsPerSecond = rateBits;
    } else if (rateMbits != null) {
      bitsPerSecond = rateMbits * 1_000_000;
    } else {
      throw new ContactPlanFormatException(line, "rateBitsPerSec", "missing");
    }
    if (bitsPerSecond < 8) {
      throw new ContactPlanFormatException(
          line, "rateBitsPerSec", bitsPerSecond + " bits/s is below 1 byte/s");
    }
    long startMillis = epochMillis + start * 1000;
    long endMillis = epochMillis + end * 1000;
    plan.add(
        new Contact(source, dest, startMillis, endMillis, bitsPerSecond / 8, confidence), line);
    plan.add(Range.ofSeconds(source, dest, startMillis, endMillis, owlt), line);
  }

  private static long required(Long value, String field, int line) {
    if (value == null) {
      throw new ContactPlanFormatException(line, field, "missing");
    }
    return value;
  }

  private static long node(JsonParser p, String field) throws IOException {
    long n = integer(p, field, Long.MAX_VALUE);
    if (n < 1) {
      throw new ContactPlanFormatException(
          line(p), field, "node number " + n + " is not an ipn node number (1 or more)");
    }
    return n;
  }

  private static long integer(JsonParser p, String field, long max) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw new ContactPlanFormatException(
          line(p), field, "expected a whole number, found " + describe(p));
    }
    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw new ContactPlanFormatException(line(p), field, p.getText() + " exceeds " + max);
    }
    long v = p.getLongValue();
    if (v < 0 || v > max) {
      throw new ContactPlanFormatException(line(p), field, v + " is not in [0, " + max + "]");
    }
    return v;
  }

  private static double confidence(JsonParser p) throws IOException {
    if (!p.currentToken().isNumeric()) {
      throw new ContactPlanFormatException(
          line(p), "confidence", "expected a number, found " + describe(p));
    }
    double c = p.getDoubleValue();
    if (!(c > 0.0 && c <= 1.0)) {
      throw new ContactPlanFormatException(line(p), "confidence", c + " is not in (0, 1]");
    }
    return c;
  }

  private static void expect(
      JsonParser p, JsonToken actual, JsonToken expected, String field, String what)
      throws IOException {
    if (actual != expected) {
      throw new ContactPlanFormatException(
          line(p), field, "expected " + what + ", found " + describe(p));
    }
  }

  private static String describe(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      return "end of input";
    }
    return t.isScalarValue() ? "'" + p.getText() + "'" : t.asString();
  }

  private static int line(JsonParser p) {
    return p.currentTokenLocation().getLineNr();
  }
}
