package org.starlane.cl.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * When a simulated link exists: {@link #ALWAYS}, or only inside its {@link ContactWindow}s, which
 * are sorted and do not overlap. Immutable and thread-safe.
 */
public final class ContactSchedule {
  /** The link is up from the start of the convergence layer to its stop. */
  public static final ContactSchedule ALWAYS = new ContactSchedule(null);

  private final List<ContactWindow> windows;

  private ContactSchedule(List<ContactWindow> windows) {
    this.windows = windows;
  }

  /**
   * The link exists only inside {@code windows} (given in any order).
   *
   * @throws IllegalArgumentException if two windows overlap or touch (a link that goes down and up
   *     in the same instant is one window)
   */
  public static ContactSchedule of(List<ContactWindow> windows) {
    List<ContactWindow> sorted = new ArrayList<>(windows);
    sorted.sort(Comparator.comparing(ContactWindow::start));
    for (int i = 1; i < sorted.size(); i++) {
      if (!sorted.get(i).start().isAfter(sorted.get(i - 1).end())) {
        throw new IllegalArgumentException(
            "contact windows " + sorted.get(i - 1) + " and " + sorted.get(i) + " overlap or touch");
      }
    }
    return new ContactSchedule(List.copyOf(sorted));
  }

  /** {@link #of(List)} of {@code windows}. */
  public static ContactSchedule of(ContactWindow... windows) {
    return of(List.of(windows));
  }

  /** Whether the link is always up (no windows). */
  public boolean isAlways() {
    return windows == null;
  }

  /** The windows, sorted; empty for {@link #ALWAYS} (and for a schedule with no window at all). */
  public List<ContactWindow> windows() {
    return windows == null ? List.of() : windows;
  }

  @Override
  public String toString() {
    return windows == null ? "ContactSchedule[always]" : "ContactSchedule" + windows;
  }
}
