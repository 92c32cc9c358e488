package org.starlane.cgr;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A contact plan (CCSDS 734.3-B-1 §2.3): the contacts and ranges a node believes in. Contacts say
 * who can send to whom, when, how fast; ranges say how long the signal travels.
 *
 * <p>ION's rules, which this class applies:
 *
 * <ul>
 *   <li>A range asserted from the smaller to the larger node number also applies from the larger to
 *       the smaller, unless a range is asserted in that direction itself ({@link #owltMillis}).
 *   <li>A contact's one-way light time is that of the range covering the contact's start; a contact
 *       that no range covers is unusable ({@link #isUsable}): routing ignores it.
 *   <li>Two contacts from the same node to the same node may not overlap in time, nor may two
 *       ranges in the same direction; {@link #of} rejects such a plan.
 * </ul>
 *
 * <p>Node numbers are ipn node numbers; times are milliseconds since the Unix epoch (see {@link
 * Contact}). Immutable, thread-safe; equal when the contacts and the ranges are equal.
 */
public final class ContactPlan {

  /** Contacts ordered by start, then from, to, end. */
  public static final Comparator<Contact> CONTACT_ORDER =
      Comparator.comparingLong(Contact::startMillis)
          .thenComparingLong(Contact::from)
          .thenComparingLong(Contact::to)
          .thenComparingLong(Contact::endMillis)
          .thenComparingLong(Contact::rateBytesPerSecond)
          .thenComparingDouble(Contact::confidence);

  /** Ranges ordered by start, then from, to, end. */
  public static final Comparator<Range> RANGE_ORDER =
      Comparator.comparingLong(Range::startMillis)
          .thenComparingLong(Range::from)
          .thenComparingLong(Range::to)
          .thenComparingLong(Range::endMillis)
          .thenComparing(Range::owlt);

  private static final ContactPlan EMPTY = new ContactPlan(List.of(), List.of());

  private final List<Contact> contacts;
  private final List<Range> ranges;
  private final Map<Long, List<Contact>> contactsFrom;
  private final Map<Pair, List<Range>> rangesByPair;
  private final SortedSet<Long> nodes;

  private ContactPlan(List<Contact> contacts, List<Range> ranges) {
    this.contacts = contacts;
    this.ranges = ranges;
    Map<Long, List<Contact>> from = new HashMap<>();
    Map<Pair, List<Contact>> contactsByPair = new HashMap<>();
    TreeSet<Long> allNodes = new TreeSet<>();
    for (Contact c : contacts) {
      from.computeIfAbsent(c.from(), k -> new ArrayList<>()).add(c);
      contactsByPair.computeIfAbsent(new Pair(c.from(), c.to()), k -> new ArrayList<>()).add(c);
      allNodes.add(c.from());
      allNodes.add(c.to());
    }
    for (List<Contact> same : contactsByPair.values()) {
      for (int i = 1; i < same.size(); i++) {
        Contact a = same.get(i - 1);
        Contact b = same.get(i);
        if (b.startMillis() < a.endMillis()) {
          throw new IllegalArgumentException("contact " + b + " overlaps contact " + a);
        }
      }
    }
    Map<Pair, List<Range>> byPair = new HashMap<>();
    for (Range r : ranges) {
      byPair.computeIfAbsent(new Pair(r.from(), r.to()), k -> new ArrayList<>()).add(r);
      allNodes.add(r.from());
      allNodes.add(r.to());
    }
    for (List<Range> same : byPair.values()) {
      for (int i = 1; i < same.size(); i++) {
        Range a = same.get(i - 1);
        Range b = same.get(i);
        if (b.startMillis() < a.endMillis()) {
          throw new IllegalArgumentException("range " + b + " overlaps range " + a);
        }
      }
    }
    Map<Long, List<Contact>> frozen = new HashMap<>();
    from.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    this.contactsFrom = Map.copyOf(frozen);
    Map<Pair, List<Range>> frozenRanges = new HashMap<>();
    byPair.forEach((k, v) -> frozenRanges.put(k, List.copyOf(v)));
    this.rangesByPair = Map.copyOf(frozenRanges);
    this.nodes = java.util.Collections.unmodifiableSortedSet(allNodes);
  }

  /**
   * A plan of these contacts and ranges (in any order; duplicates count once).
   *
   * @throws IllegalArgumentException if two contacts between the same pair overlap in time, or two
   *     ranges in the same direction do
   */
  public static ContactPlan of(Collection<Contact> contacts, Collection<Range> ranges) {
    TreeSet<Contact> c = new TreeSet<>(CONTACT_ORDER);
    for (Contact contact : contacts) {
      c.add(Objects.requireNonNull(contact, "contact"));
    }
    TreeSet<Range> r = new TreeSet<>(RANGE_ORDER);
    for (Range range : ranges) {
      r.add(Objects.requireNonNull(range, "range"));
    }
    return new ContactPlan(List.copyOf(c), List.copyOf(r));
  }

  /** The plan without contacts or ranges. */
  public static ContactPlan empty() {
    return EMPTY;
  }

  /** All contacts, ordered by {@link #CONTACT_ORDER}. */
  public List<Contact> contacts() {
    return contacts;
  }

  /** All ranges, ordered by {@link #RANGE_ORDER}. */
  public List<Range> ranges() {
    return ranges;
  }

  /** Every node number that appears in a contact or a range, ascending. */
  public SortedSet<Long> nodes() {
    return nodes;
  }

  /** The contacts whose sender is {@code node}, ordered by start. */
  public List<Contact> contactsFrom(long node) {
    return contactsFrom.getOrDefault(node, List.of());
  }

  /** This plan plus {@code contact}. */
  public ContactPlan withContact(Contact contact) {
    List<Contact> more = new ArrayList<>(contacts);
    more.add(contact);
    return of(more, ranges);
  }

  /** This plan plus {@code range}. */
  public ContactPlan withRange(Range range) {
    List<Range> more = new ArrayList<>(ranges);
    more.add(range);
    return of(contacts, more);
  }

  /** This plan without {@code contact} (unchanged if it has no such contact). */
  public ContactPlan withoutContact(Contact contact) {
    List<Contact> fewer = new ArrayList<>(contacts);
    fewer.remove(contact);
    return of(fewer, ranges);
  }

  /**
   * The one-way light time from {@code from} to {@code to} at {@code atMillis}, by ION's rule: the
   * range asserted in this direction that covers the time; else, if {@code from > to}, the range
   * asserted from {@code to} to {@code from} (a range from the smaller to the larger node number
   * applies both ways). Empty when no range applies.
   */
  public OptionalLong owltMillis(long from, long to, long atMillis) {
    long owlt = owltOrMinusOne(from, to, atMillis);
    return owlt < 0 ? OptionalLong.empty() : OptionalLong.of(owlt);
  }

  /** The light time of {@code contact}: that of the range covering its start; empty if unusable. */
  public OptionalLong owltMillis(Contact contact) {
    return owltMillis(contact.from(), contact.to(), contact.startMillis());
  }

  /**
   * Whether a route may use {@code contact}: it is no loopback, and a range covers its start (ION:
   * a contact without a range is unusable).
   */
  public boolean isUsable(Contact contact) {
    return !contact.isLoopback() && owltOrMinusOne(contact) >= 0;
  }

  long owltOrMinusOne(Contact contact) {
    return owltOrMinusOne(contact.from(), contact.to(), contact.startMillis());
  }

  private long owltOrMinusOne(long from, long to, long atMillis) {
    long owlt = find(rangesByPair.get(new Pair(from, to)), atMillis);
    if (owlt < 0 && from > to) {
      owlt = find(rangesByPair.get(new Pair(to, from)), atMillis);
    }
    return owlt;
  }

  private static long find(List<Range> sorted, long atMillis) {
    if (sorted == null) {
      return -1;
    }
    int lo = 0;
    int hi = sorted.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      Range r = sorted.get(mid);
      if (r.endMillis() <= atMillis) {
        lo = mid + 1;
      } else if (r.startMillis() > atMillis) {
        hi = mid - 1;
      } else {
        return r.owltMillis();
      }
    }
    return -1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContactPlan p && contacts.equals(p.contacts) && ranges.equals(p.ranges);
  }

  @Override
  public int hashCode() {
    return 31 * contacts.hashCode() + ranges.hashCode();
  }

  @Override
  public String toString() {
    return "ContactPlan[" + contacts.size() + " contacts, " + ranges.size() + " ranges]";
  }

  private record Pair(long from, long to) {}
}
