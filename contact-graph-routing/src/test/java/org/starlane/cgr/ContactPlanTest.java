package org.starlane.cgr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContactPlanTest {

  @Test
  void rangeFromSmallerToLargerNodeAlsoAppliesInReverse() {
    ContactPlan plan = ContactPlan.of(List.of(), List.of(Range.ofSeconds(1, 2, 0, 10_000, 3)));

    assertThat(plan.owltMillis(1, 2, 5_000)).hasValue(3_000);
    assertThat(plan.owltMillis(2, 1, 5_000)).hasValue(3_000);
  }

  @Test
  void rangeFromLargerToSmallerNodeAppliesOnlyInItsDirection() {
    ContactPlan plan = ContactPlan.of(List.of(), List.of(Range.ofSeconds(2, 1, 0, 10_000, 3)));

    assertThat(plan.owltMillis(2, 1, 5_000)).hasValue(3_000);
    assertThat(plan.owltMillis(1, 2, 5_000)).isEmpty();
  }

  @Test
  void rangeAssertedInReverseOverridesTheSymmetricOne() {
    ContactPlan plan =
        ContactPlan.of(
            List.of(),
            List.of(Range.ofSeconds(1, 2, 0, 10_000, 3), Range.ofSeconds(2, 1, 0, 10_000, 7)));

    assertThat(plan.owltMillis(1, 2, 0)).hasValue(3_000);
    assertThat(plan.owltMillis(2, 1, 0)).hasValue(7_000);
  }

  @Test
  void rangeAppliesFromItsStartUntilBeforeItsEnd() {
    ContactPlan plan = ContactPlan.of(List.of(), List.of(Range.ofSeconds(1, 2, 1_000, 2_000, 1)));

    assertThat(plan.owltMillis(1, 2, 999)).isEmpty();
    assertThat(plan.owltMillis(1, 2, 1_000)).hasValue(1_000);
    assertThat(plan.owltMillis(1, 2, 1_999)).hasValue(1_000);
    assertThat(plan.owltMillis(1, 2, 2_000)).isEmpty();
  }

  @Test
  void contactWithoutCoveringRangeIsUnusable() {
    Contact covered = Contact.of(1, 2, 0, 10_000, 100);
    Contact uncovered = Contact.of(1, 2, 20_000, 30_000, 100);
    Contact loopback = Contact.of(1, 1, 0, 10_000, 100);
    ContactPlan plan =
        ContactPlan.of(
            List.of(covered, uncovered, loopback),
            List.of(Range.ofSeconds(1, 2, 0, 15_000, 1), Range.ofSeconds(1, 1, 0, 15_000, 0)));

    assertThat(plan.isUsable(covered)).isTrue();
    assertThat(plan.isUsable(uncovered)).isFalse();
    assertThat(plan.isUsable(loopback)).as("loopback contacts carry no route").isFalse();
    assertThat(plan.owltMillis(uncovered)).isEmpty();
  }

  @Test
  void contactTakesTheLightTimeOfTheRangeCoveringItsStart() {
    Contact c = Contact.of(1, 2, 5_000, 20_000, 100);
    ContactPlan plan =
        ContactPlan.of(
            List.of(c),
            List.of(Range.ofSeconds(1, 2, 0, 10_000, 1), Range.ofSeconds(1, 2, 10_000, 30_000, 2)));

    assertThat(plan.owltMillis(c)).hasValue(1_000);
  }

  @Test
  void rejectsOverlappingContactsBetweenTheSamePair() {
    assertThatThrownBy(
            () ->
                ContactPlan.of(
                    List.of(Contact.of(1, 2, 0, 10_000, 1), Contact.of(1, 2, 9_999, 20_000, 1)),
                    List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("overlaps");
  }

  @Test
  void acceptsAdjacentContactsAndOppositeDirections() {
    ContactPlan plan =
        ContactPlan.of(
            List.of(
                Contact.of(1, 2, 0, 10_000, 1),
                Contact.of(1, 2, 10_000, 20_000, 1),
                Contact.of(2, 1, 0, 20_000, 1)),
            List.of());

    assertThat(plan.contacts()).hasSize(3);
    assertThat(plan.contactsFrom(1)).hasSize(2);
    assertThat(plan.nodes()).containsExactly(1L, 2L);
  }

  @Test
  void rejectsOverlappingRangesInTheSameDirection() {
    assertThatThrownBy(
            () ->
                ContactPlan.of(
                    List.of(),
                    List.of(
                        Range.ofSeconds(1, 2, 0, 10_000, 1),
                        Range.ofSeconds(1, 2, 5_000, 8_000, 2))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void contactsAreOrderedByStartAndDuplicatesCountOnce() {
    Contact late = Contact.of(3, 4, 50_000, 60_000, 1);
    Contact early = Contact.of(5, 6, 0, 10_000, 1);
    ContactPlan plan = ContactPlan.of(List.of(late, early, late), List.of());

    assertThat(plan.contacts()).containsExactly(early, late);
    assertThat(plan).isEqualTo(ContactPlan.of(List.of(early, late), List.of()));
  }

  @Test
  void contactValidatesItsFields() {
    assertThatThrownBy(() -> Contact.of(0, 1, 0, 1, 1)).hasMessageContaining("node number 0");
    assertThatThrownBy(() -> Contact.of(1, 2, 5, 5, 1)).hasMessageContaining("not after");
    assertThatThrownBy(() -> Contact.of(1, 2, 0, 5, 0)).hasMessageContaining("below 1");
    assertThatThrownBy(() -> new Contact(1, 2, 0, 5, 1, 0.0)).hasMessageContaining("confidence");
    assertThatThrownBy(() -> new Contact(1, 2, 0, 5, 1, Double.NaN))
        .hasMessageContaining("confidence");
  }

  @Test
  void volumeIsRateTimesDuration() {
    assertThat(Contact.of(1, 2, 0, 10_000, 125).volumeBytes()).isEqualTo(1_250);
    assertThat(Contact.of(1, 2, 0, 1_500, 1_000).volumeBytes()).isEqualTo(1_500);
    assertThat(Contact.of(1, 2, 0, Long.MAX_VALUE, Long.MAX_VALUE).volumeBytes())
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void rangeRoundsSubMillisecondLightTimeUp() {
    Range r = new Range(1, 2, 0, 1_000, Duration.ofNanos(1_000_001));

    assertThat(r.owltMillis()).isEqualTo(2);
    assertThatThrownBy(() -> new Range(1, 2, 0, 1_000, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
