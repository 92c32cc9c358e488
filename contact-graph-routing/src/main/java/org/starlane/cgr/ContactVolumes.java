package org.starlane.cgr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SABR's volume bookkeeping (CCSDS 734.3-B-1 §3.2.6.8; ION's {@code mtv[]} per contact): for each
 * contact and each {@link Priority}, the residual volume that priority still sees, and the bookings
 * that consumed it.
 *
 * <ul>
 *   <li>Initially every priority sees the contact's whole volume (rate × duration).
 *   <li>Booking a bundle of priority {@code p} with estimated volume consumption {@code e} into a
 *       contact subtracts {@code e} from the residual volume of {@code p} and of every lower
 *       priority (those are sent after it), on every hop of its route.
 *   <li>Overbooking: when a booking leaves the contact's bulk residual below zero (more booked than
 *       the contact carries), bookings of lower priority than the new one that are still queued
 *       here are bumped, lowest priority first and most recent first, until the contact is no
 *       longer overbooked; a bumped booking is released on all its hops and its bundle must be
 *       routed again.
 *   <li>The bytes queued for a first hop (bookings not yet sent) are the backlog ahead of a new
 *       bundle of the same or lower priority.
 *   <li>A booking handed to the link of its first hop ({@link #markSent}) leaves the queue but
 *       keeps its volume, and the contact is busy sending it until its bytes have gone at the
 *       contact's rate (the router learns nothing from the link about that): no new bundle's first
 *       byte leaves before then, whatever its priority.
 * </ul>
 *
 * Confined to the router's thread.
 */
public final class ContactVolumes {

  private final ContactGraph graph;
  private final long[][] residual; // [priority][contact], lazily initialised
  private final boolean[] initialised;
  private final long[][] queued; // [priority][contact]: bytes booked and not yet sent (first hops)
  private final long[] sendingUntil; // [contact]: when the bytes handed to its link have gone
  private final Map<Integer, List<Booking>> byContact = new HashMap<>();
  private final Map<Object, Booking> byKey = new HashMap<>();
  private long sequence;

  /** One bundle's booking along one route. */
  private static final class Booking {
    final Object key;
    final Priority priority;
    final long bytes;
    final int[] contacts;
    final long order;
    boolean sent;

    Booking(Object key, Priority priority, long bytes, int[] contacts, long order) {
      this.key = key;
      this.priority = priority;
      this.bytes = bytes;
      this.contacts = contacts;
      this.order = order;
    }
  }

  public ContactVolumes(ContactGraph graph) {
    this.graph = graph;
    int n = graph.contactCount();
    residual = new long[Priority.values().length][n];
    queued = new long[Priority.values().length][n];
    initialised = new boolean[n];
    sendingUntil = new long[n];
  }

  /** The residual volume of {@code contact} for {@code priority}, in bytes. */
  public long residualBytes(Contact contact, Priority priority) {
    int c = graph.indexOf(contact);
    if (c < 0) {
      throw new IllegalArgumentException(contact + " is not a usable contact of this plan");
    }
    return residual(c, priority);
  }

  long residual(int c, Priority p) {
    init(c);
    return residual[p.ordinal()][c];
  }

  /** Bytes queued (booked, not sent) in {@code contact} at priority {@code p} or higher. */
  long backlog(int c, Priority p) {
    long sum = 0;
    for (int q = p.ordinal(); q < Priority.values().length; q++) {
      sum += queued[q][c];
    }
    return sum;
  }

  /**
   * When the bytes handed to the link of contact {@code c} have gone, at its rate (milliseconds
   * since the Unix epoch; 0 if nothing was sent in it).
   */
  long sendingUntilMillis(int c) {
    return sendingUntil[c];
  }

  /** Whether {@code key} has a booking. */
  public boolean isBooked(Object key) {
    return byKey.containsKey(key);
  }

  /**
   * Books {@code bytes} for bundle {@code key} at priority {@code p} into every contact of {@code
   * path} (the first is the first hop, whose backlog grows). Returns the keys of the bookings
   * bumped by overbooking.
   *
   * @throws IllegalStateException if {@code key} is booked already
   */
  List<Object> book(Object key, int[] path, Priority p, long bytes) {
    if (byKey.containsKey(key)) {
      throw new IllegalStateException(key + " is booked already");
    }
    Booking b = new Booking(key, p, bytes, path.clone(), sequence++);
    byKey.put(key, b);
    for (int c : path) {
      init(c);
      for (int q = 0; q <= p.ordinal(); q++) {
        residual[q][c] -= bytes;
      }
      byContact.computeIfAbsent(c, k -> new ArrayList<>()).add(b);
    }
    queued[p.ordinal()][path[0]] += bytes;
    List<Object> bumped = new ArrayList<>();
    for (int c : path) {
      bumpLowerPriorities(c, p, bumped);
    }
    return bumped;
  }

  private void bumpLowerPriorities(int c, Priority p, List<Object> bumped) {
    while (residual[Priority.BULK.ordinal()][c] < 0) {
      Booking victim = null;
      for (Booking b : byContact.getOrDefault(c, List.of())) {
        if (b.sent || b.priority.ordinal() >= p.ordinal()) {
          continue;
        }
        if (victim == null
            || b.priority.ordinal() < victim.priority.ordinal()
            || (b.priority == victim.priority && b.order > victim.order)) {
          victim = b;
        }
      }
      if (victim == null) {
        return; // overbooked by bundles of this priority or higher, or by sent ones: nothing to
        // bump
      }
      release(victim.key);
      bumped.add(victim.key);
    }
  }

  /**
   * Marks {@code key}'s booking as handed to the link of its first hop at {@code nowMillis}: it
   * leaves the backlog and keeps its volume; the contact sends its bytes after whatever is still on
   * the link, from {@code max(nowMillis, start)}, at its rate.
   */
  void markSent(Object key, long nowMillis) {
    Booking b = byKey.get(key);
    if (b != null && !b.sent) {
      b.sent = true;
      int c = b.contacts[0];
      queued[b.priority.ordinal()][c] -= b.bytes;
      Contact contact = graph.contact(c);
      long from = Math.max(Math.max(nowMillis, contact.startMillis()), sendingUntil[c]);
      sendingUntil[c] =
          Nodes.saturatingAdd(from, Nodes.transmitMillis(b.bytes, contact.rateBytesPerSecond()));
    }
  }

  /**
   * Forgets {@code key}'s booking. A booking not yet sent gives its volume back to every hop; a
   * sent one keeps it consumed (the bytes went out).
   */
  void release(Object key) {
    Booking b = byKey.remove(key);
    if (b == null) {
      return;
    }
    for (int c : b.contacts) {
      List<Booking> list = byContact.get(c);
      if (list != null) {
        list.remove(b);
      }
      if (!b.sent) {
        for (int q = 0; q <= b.priority.ordinal(); q++) {
          residual[q][c] += b.bytes;
        }
      }
    }
    if (!b.sent) {
      queued[b.priority.ordinal()][b.contacts[0]] -= b.bytes;
    }
  }

  private void init(int c) {
    if (!initialised[c]) {
      long v = graph.contact(c).volumeBytes();
      for (long[] r : residual) {
        r[c] = v;
      }
      initialised[c] = true;
    }
  }
}
