package org.starlane.cgr.plan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import org.starlane.cgr.Contact;
import org.starlane.cgr.ContactPlan;

/**
 * Writes a {@link ContactPlan} as an HDTN JSON contact plan (NASA HDTN's router and scheduler read
 * it with {@code --contact-plan-file}):
 *
 * <pre>
 * {
 *   "contacts": [
 *     { "contact": 0, "source": 1, "dest": 2, "startTime": 0, "endTime": 600,
 *       "rateBitsPerSec": 1000000, "owlt": 1 }
 *   ]
 * }
 * </pre>
 *
 * Times are whole seconds after an epoch the writer is given (HDTN counts from its own start, or
 * from the Unix epoch with {@code --use-unix-timestamp}: pass {@link Instant#EPOCH}); the rate is
 * in bits per second (8 × the model's bytes per second); {@code owlt} is the contact's one-way
 * light time in whole seconds, by ION's range rule ({@link ContactPlan#owltMillis(Contact)}). HDTN
 * has no separate ranges, so a contact that no range covers (unusable) is not written; a contact
 * with a confidence below 1 carries a {@code "confidence"} member, which HDTN ignores. Times are
 * rounded as {@link WholeSeconds} says; contacts before the epoch are not written.
 *
 * <p>Immutable, thread-safe.
 */
public final class HdtnContactPlanWriter {

  private static final JsonFactory JSON = new JsonFactory();

  private final long epochSeconds;

  private HdtnContactPlanWriter(long epochSeconds) {
    this.epochSeconds = epochSeconds;
  }

  /** A writer of times in seconds after {@code epoch} (rounded down to a whole second). */
  public static HdtnContactPlanWriter relativeTo(Instant epoch) {
    if (epoch.isBefore(Instant.EPOCH)) {
      throw new IllegalArgumentException("epoch " + epoch + " is before 1970");
    }
    return new HdtnContactPlanWriter(epoch.getEpochSecond());
  }

  /** The plan as HDTN JSON. */
  public String write(ContactPlan plan) {
    StringWriter s = new StringWriter();
    try {
      write(plan, s);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // StringWriter does not throw
    }
    return s.toString();
  }

  /** Writes the plan as HDTN JSON to {@code out} (not closed). */
  public void write(ContactPlan plan, Writer out) throws IOException {
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeArrayFieldStart("contacts");
      int index = 0;
      for (Contact c : plan.contacts()) {
        long owltMillis = plan.owltMillis(c).orElse(-1);
        long[] t = WholeSeconds.of(c);
        if (owltMillis < 0 || t == null || t[0] < epochSeconds) {
          continue;
        }
        g.writeStartObject();
        g.writeNumberField("contact", index++);
        g.writeNumberField("source", c.from());
        g.writeNumberField("dest", c.to());
        g.writeNumberField("startTime", t[0] - epochSeconds);
        g.writeNumberField("endTime", t[1] - epochSeconds);
        long bits =
            c.rateBytesPerSecond() > Long.MAX_VALUE / 8
                ? Long.MAX_VALUE
                : c.rateBytesPerSecond() * 8;
        g.writeNumberField("rateBitsPerSec", bits);
        g.writeNumberField("owlt", WholeSeconds.owltSeconds(owltMillis));
        if (c.confidence() < 1.0) {
          g.writeNumberField("confidence", c.confidence());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    out.write('\n');
  }
}
