package org.starlane.cgr.plan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import org.starlane.cgr.Contact;
import org.starlane.cgr.ContactPlan;
import org.starlane.cgr.Range;

/**
 * Writes a {@link ContactPlan} as ION {@code ionadmin} commands (ION's {@code ionadmin(1)} manual,
 * "a contact" and "a range"), one per line:
 *
 * <pre>
 * &#64; 2026/12/01-00:00:00                  (only when writing relative times)
 * a contact +0 +600 1 2 125000              from_time until_time from_node to_node xmit_data_rate [confidence]
 * a range +0 +600 1 2 1                     from_time until_time from_node to_node owlt
 * </pre>
 *
 * Times are absolute {@code yyyy/mm/dd-hh:mm:ss} (UTC) or, with {@link #relativeTo}, seconds after
 * the reference time written in the {@code @} line. Rates are bytes per second; the confidence is
 * written only when it is below 1 (ION 3 plans have no confidence field). ION keeps whole seconds:
 * finer times are rounded as {@link WholeSeconds} says, towards the pessimistic side. {@link
 * IonContactPlanReader} reads the output back to an equal plan when all times and light times are
 * whole seconds.
 *
 * <p>Immutable, thread-safe.
 */
public final class IonContactPlanWriter {

  private final Long referenceSeconds;

  private IonContactPlanWriter(Long referenceSeconds) {
    this.referenceSeconds = referenceSeconds;
  }

  /** A writer of absolute times. */
  public static IonContactPlanWriter absolute() {
    return new IonContactPlanWriter(null);
  }

  /**
   * A writer of times relative to {@code reference} (rounded down to a whole second), which it
   * writes as the {@code @} line first. A time before the reference is written as an absolute time.
   */
  public static IonContactPlanWriter relativeTo(Instant reference) {
    if (reference.isBefore(Instant.EPOCH)) {
      throw new IllegalArgumentException("reference time " + reference + " is before 1970");
    }
    return new IonContactPlanWriter(reference.getEpochSecond());
  }

  /** The plan as ionadmin commands. */
  public String write(ContactPlan plan) {
    StringBuilder s = new StringBuilder();
    try {
      write(plan, s);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // StringBuilder does not throw
    }
    return s.toString();
  }

  /** Appends the plan as ionadmin commands to {@code out}. */
  public void write(ContactPlan plan, Appendable out) throws IOException {
    out.append("# contact plan: ")
        .append(Integer.toString(plan.contacts().size()))
        .append(" contacts, ")
        .append(Integer.toString(plan.ranges().size()))
        .append(" ranges\n");
    if (referenceSeconds != null) {
      out.append("@ ").append(IonTime.absolute(referenceSeconds)).append('\n');
    }
    for (Contact c : plan.contacts()) {
      long[] t = WholeSeconds.of(c);
      if (t == null) {
        continue;
      }
      out.append("a contact ")
          .append(time(t[0]))
          .append(' ')
          .append(time(t[1]))
          .append(' ')
          .append(Long.toString(c.from()))
          .append(' ')
          .append(Long.toString(c.to()))
          .append(' ')
          .append(Long.toString(c.rateBytesPerSecond()));
      if (c.confidence() < 1.0) {
        out.append(' ').append(BigDecimal.valueOf(c.confidence()).toPlainString());
      }
      out.append('\n');
    }
    for (Range r : plan.ranges()) {
      long[] t = WholeSeconds.of(r);
      if (t == null) {
        continue;
      }
      out.append("a range ")
          .append(time(t[0]))
          .append(' ')
          .append(time(t[1]))
          .append(' ')
          .append(Long.toString(r.from()))
          .append(' ')
          .append(Long.toString(r.to()))
          .append(' ')
          .append(Long.toString(WholeSeconds.owltSeconds(r.owltMillis())))
          .append('\n');
    }
  }

  private String time(long epochSeconds) {
    if (referenceSeconds != null && epochSeconds >= referenceSeconds) {
      return "+" + (epochSeconds - referenceSeconds);
    }
    return IonTime.absolute(epochSeconds);
  }
}
