package org.starlane.node.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.starlane.bp.eid.EndpointId;
import org.starlane.cgr.Contact;
import org.starlane.cgr.ContactPlan;
import org.starlane.cl.sim.ContactSchedule;
import org.starlane.cl.sim.ContactWindow;
import org.starlane.cl.sim.LightTime;
import org.starlane.cl.sim.RadioChannel;
import org.starlane.cl.sim.SimulatedLink;
import org.starlane.cl.sim.SimulatedNetwork;
import org.starlane.cl.sim.WindowCut;

/**
 * Simulated RF links that follow a contact plan: for each ordered pair of nodes with usable
 * contacts in the plan, a one-way link that is up exactly in those contacts, sends at their rate
 * and delays each frame by the one-way light time of the plan's range (ION's rules: {@link
 * ContactPlan#owltMillis(Contact)}; a contact without a range is unusable and gets no window).
 * Contacts of one direction that touch or overlap make one window; the light time steps at each
 * contact's start.
 *
 * <p>A direction without contacts gets a link that is never up (a node receives only from peers it
 * has a link to). The simulated channel has one rate per direction, so the contacts of one
 * direction must share their rate. Frame loss, bit-error rate and maximum frame size come from a
 * template channel. Nodes are {@code ipn:N.0}. Stateless.
 */
public final class PlannedRadioLinks {
  private static final ContactSchedule NEVER = ContactSchedule.of(List.of());

  private PlannedRadioLinks() {}

  /**
   * Adds to {@code network} the one-way links of every ordered pair of nodes that has usable
   * contacts in {@code plan}.
   *
   * @param channel the template for loss, bit errors and maximum frame size (its rate and light
   *     time are replaced by the plan's)
   * @return the links that follow contacts, by sender then receiver node number (not the links that
   *     are never up)
   * @throws IllegalArgumentException if the contacts of one direction have different rates
   */
  public static List<SimulatedLink> connect(
      SimulatedNetwork network, ContactPlan plan, RadioChannel channel, WindowCut cut) {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(cut, "cut");
    Map<List<Long>, List<Contact>> byDirection = new TreeMap<>(PlannedRadioLinks::compare);
    for (Contact c : plan.contacts()) {
      if (plan.isUsable(c)) {
        byDirection.computeIfAbsent(List.of(c.from(), c.to()), k -> new ArrayList<>()).add(c);
      }
    }
    List<SimulatedLink> links = new ArrayList<>();
    byDirection.forEach(
        (pair, contacts) -> {
          EndpointId from = EndpointId.ipn(pair.get(0), 0);
          EndpointId to = EndpointId.ipn(pair.get(1), 0);
          RadioChannel planned = channelFor(plan, contacts, channel);
          links.add(network.connectOneWay(from, to, planned, scheduleOf(contacts), cut));
          if (!byDirection.containsKey(List.of(pair.get(1), pair.get(0)))) {
            // the receiver takes frames only from a peer it has a link to: one that is never up
            network.connectOneWay(to, from, planned, NEVER, cut);
          }
        });
    return links;
  }

  private static int compare(List<Long> a, List<Long> b) {
    int byFrom = Long.compare(a.get(0), b.get(0));
    return byFrom != 0 ? byFrom : Long.compare(a.get(1), b.get(1));
  }

  /** The template with the contacts' common rate and the plan's light times. */
  private static RadioChannel channelFor(
      ContactPlan plan, List<Contact> contacts, RadioChannel template) {
    Contact first = contacts.get(0);
    Map<Instant, Duration> lightTimes = new TreeMap<>();
    for (Contact c : contacts) {
      if (c.rateBytesPerSecond() != first.rateBytesPerSecond()) {
        throw new IllegalArgumentException(
            "a simulated link has one rate per direction, but contacts "
                + first
                + " and "
                + c
                + " differ");
      }
      lightTimes.put(
          Instant.ofEpochMilli(c.startMillis()),
          Duration.ofMillis(plan.owltMillis(c).orElseThrow()));
    }
    return new RadioChannel(
        Math.multiplyExact(first.rateBytesPerSecond(), 8L),
        LightTime.stepwise(lightTimes),
        template.frameLossProbability(),
        template.bitErrorRate(),
        template.maxFrameBytes());
  }

  /** The contacts as windows, those that touch or overlap merged. */
  private static ContactSchedule scheduleOf(List<Contact> contacts) {
    List<Contact> sorted = new ArrayList<>(contacts);
    sorted.sort(ContactPlan.CONTACT_ORDER);
    List<ContactWindow> windows = new ArrayList<>();
    long start = sorted.get(0).startMillis();
    long end = sorted.get(0).endMillis();
    for (Contact c : sorted.subList(1, sorted.size())) {
      if (c.startMillis() <= end) {
        end = Math.max(end, c.endMillis());
      } else {
        windows.add(window(start, end));
        start = c.startMillis();
        end = c.endMillis();
      }
    }
    windows.add(window(start, end));
    return ContactSchedule.of(windows);
  }

  private static ContactWindow window(long startMillis, long endMillis) {
    return new ContactWindow(Instant.ofEpochMilli(startMillis), Instant.ofEpochMilli(endMillis));
  }
}
