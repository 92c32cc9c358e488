package org.starlane.cgr.plan;

import org.starlane.cgr.Contact;
import org.starlane.cgr.Range;

/**
 * How the writers map millisecond times onto the whole seconds of ION and HDTN plans, always
 * towards the pessimistic side: a contact keeps only its whole seconds (start rounded up, end
 * rounded down; a contact shorter than that is dropped), a range is rounded down at both ends (so
 * it still covers each contact it covered that survives), and a light time is rounded up.
 */
final class WholeSeconds {
  private WholeSeconds() {}

  /** {start, end} in seconds of the contact's whole seconds, or null if none remain. */
  static long[] of(Contact c) {
    long start = Math.floorDiv(c.startMillis() + 999, 1000);
    long end = Math.floorDiv(c.endMillis(), 1000);
    return end > start ? new long[] {start, end} : null;
  }

  /** {start, end} in seconds, both rounded down, or null if empty. */
  static long[] of(Range r) {
    long start = Math.floorDiv(r.startMillis(), 1000);
    long end = Math.floorDiv(r.endMillis(), 1000);
    return end > start ? new long[] {start, end} : null;
  }

  static long owltSeconds(long owltMillis) {
    return Math.floorDiv(owltMillis + 999, 1000);
  }
}
