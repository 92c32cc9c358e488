package org.starlane.cgr;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.starlane.bp.spi.Scheduled;
import org.starlane.bp.spi.Scheduler;

/**
 * Drives links from the contact plan: schedules, on a {@link Scheduler}, a {@link ContactListener}
 * call at the start and at the end of every contact that involves a given node (as sender or
 * receiver). A contact already open when the schedule starts is reported as started at once;
 * contacts already over are not reported. With a {@link org.starlane.bp.spi.VirtualTimeScheduler} a
 * whole day of contacts plays out deterministically.
 *
 * <p>Confined to the scheduler's thread after {@link #start}; {@link #cancel} may be called from
 * it.
 */
public final class ContactSchedule {

  private final List<Scheduled> timers = new ArrayList<>();

  private ContactSchedule() {}

  /**
   * Starts reporting the contacts of {@code node} in {@code plan} to {@code listener}.
   *
   * @param node the ipn node number whose contacts are reported
   */
  public static ContactSchedule start(
      ContactPlan plan, long node, Scheduler scheduler, ContactListener listener) {
    Objects.requireNonNull(listener, "listener");
    ContactSchedule s = new ContactSchedule();
    long now = scheduler.nowMillis();
    for (Contact c : plan.contacts()) {
      if ((c.from() != node && c.to() != node) || c.endMillis() <= now) {
        continue;
      }
      s.timers.add(scheduler.scheduleAt(c.startMillis(), () -> listener.contactStarted(c)));
      s.timers.add(scheduler.scheduleAt(c.endMillis(), () -> listener.contactEnded(c)));
    }
    return s;
  }

  /** Stops reporting: the calls not yet made are cancelled. */
  public void cancel() {
    timers.forEach(Scheduled::cancel);
    timers.clear();
  }
}
