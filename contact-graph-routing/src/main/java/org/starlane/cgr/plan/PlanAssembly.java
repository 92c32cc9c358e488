package org.starlane.cgr.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.starlane.cgr.Contact;
import org.starlane.cgr.ContactPlan;
import org.starlane.cgr.Range;

/**
 * Collects the contacts and ranges a reader finds, with the line each came from, so that a plan
 * {@link ContactPlan#of} would reject (overlapping contacts or ranges) is reported with both lines.
 * Confined to one reader call.
 */
final class PlanAssembly {

  private record Entry<T>(T value, int line) {}

  private record Key(long from, long to) {}

  private final List<Entry<Contact>> contacts = new ArrayList<>();
  private final List<Entry<Range>> ranges = new ArrayList<>();

  void add(Contact c, int line) {
    contacts.add(new Entry<>(c, line));
  }

  void add(Range r, int line) {
    ranges.add(new Entry<>(r, line));
  }

  /** Removes the contacts from {@code from} to {@code to} that start at {@code startMillis}. */
  int removeContacts(long from, long to, long startMillis) {
    int before = contacts.size();
    contacts.removeIf(
        e -> e.value.from() == from && e.value.to() == to && e.value.startMillis() == startMillis);
    return before - contacts.size();
  }

  /** Removes the ranges from {@code from} to {@code to} that start at {@code startMillis}. */
  int removeRanges(long from, long to, long startMillis) {
    int before = ranges.size();
    ranges.removeIf(
        e -> e.value.from() == from && e.value.to() == to && e.value.startMillis() == startMillis);
    return before - ranges.size();
  }

  ContactPlan toPlan() {
    checkOverlaps(
        contacts, Contact::from, Contact::to, Contact::startMillis, Contact::endMillis, "contact");
    checkOverlaps(ranges, Range::from, Range::to, Range::startMillis, Range::endMillis, "range");
    List<Contact> c = new ArrayList<>(contacts.size());
    contacts.forEach(e -> c.add(e.value));
    List<Range> r = new ArrayList<>(ranges.size());
    ranges.forEach(e -> r.add(e.value));
    return ContactPlan.of(c, r);
  }

  private static <T> void checkOverlaps(
      List<Entry<T>> entries,
      java.util.function.ToLongFunction<T> from,
      java.util.function.ToLongFunction<T> to,
      java.util.function.ToLongFunction<T> start,
      java.util.function.ToLongFunction<T> end,
      String what) {
    Map<Key, List<Entry<T>>> byPair = new HashMap<>();
    for (Entry<T> e : entries) {
      byPair
          .computeIfAbsent(
              new Key(from.applyAsLong(e.value), to.applyAsLong(e.value)), k -> new ArrayList<>())
          .add(e);
    }
    for (List<Entry<T>> same : byPair.values()) {
      same.sort(
          Comparator.comparingLong((Entry<T> e) -> start.applyAsLong(e.value))
              .thenComparingInt(Entry::line));
      for (int i = 1; i < same.size(); i++) {
        Entry<T> a = same.get(i - 1);
        Entry<T> b = same.get(i);
        if (start.applyAsLong(b.value) < end.applyAsLong(a.value)) {
          Entry<T> later = a.line > b.line ? a : b;
          Entry<T> earlier = later == a ? b : a;
          throw new ContactPlanFormatException(
              later.line,
              null,
              what
                  + " from node "
                  + from.applyAsLong(b.value)
                  + " to node "
                  + to.applyAsLong(b.value)
                  + " overlaps the "
                  + what
                  + " of line "
                  + earlier.line);
        }
      }
    }
  }
}
