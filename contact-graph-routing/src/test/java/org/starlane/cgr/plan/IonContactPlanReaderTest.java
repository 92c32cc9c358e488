package org.starlane.cgr.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.starlane.cgr.Contact;
import org.starlane.cgr.ContactPlan;
import org.starlane.cgr.Range;

class IonContactPlanReaderTest {

  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  private static final long T0_MS = T0.toEpochMilli();
  private final IonContactPlanReader reader = IonContactPlanReader.withReferenceTime(Instant.EPOCH);

  @Test
  void readsContactsAndRangesWithAbsoluteAndRelativeTimes() {
    ContactPlan plan =
        reader.read(
            """
            ## an ionrc as ION's tutorials write it
            1 1 ''
            s
            @ 2026/12/01-00:00:00
            a contact +0 +600 1 2 125000
            a contact 2026/12/01-00:05:00 2026/12/01-00:15:00 2 3 1000 0.25
            a range +0 +86400 1 2 1
            a range +0 +86400 2 3 4
            m horizon +0
            """);

    assertThat(plan.contacts())
        .containsExactly(
            Contact.of(1, 2, T0_MS, T0_MS + 600_000, 125_000),
            new Contact(2, 3, T0_MS + 300_000, T0_MS + 900_000, 1000, 0.25));
    assertThat(plan.ranges())
        .containsExactly(
            Range.ofSeconds(1, 2, T0_MS, T0_MS + 86_400_000, 1),
            Range.ofSeconds(2, 3, T0_MS, T0_MS + 86_400_000, 4));
  }

  @Test
  void relativeTimesBeforeAnyAtCommandCountFromTheGivenReference() {
    ContactPlan plan = IonContactPlanReader.withReferenceTime(T0).read("a contact +10 +20 1 2 5\n");

    assertThat(plan.contacts())
        .containsExactly(Contact.of(1, 2, T0_MS + 10_000, T0_MS + 20_000, 5));
  }

  @Test
  void laterAtCommandMovesTheReference() {
    ContactPlan plan =
        reader.read(
            "@ 2026/12/01-00:00:00\na contact +0 +1 1 2 5\n@ +100\na contact +0 +1 1 2 5\n");

    assertThat(plan.contacts())
        .extracting(Contact::startMillis)
        .containsExactly(T0_MS, T0_MS + 100_000);
  }

  @Test
  void deleteCommandsRemoveContactsAndRanges() {
    ContactPlan plan =
        reader.read(
            """
            a contact +0 +10 1 2 5
            a contact +20 +30 1 2 5
            a range +0 +30 1 2 1
            d contact +0 1 2
            d range +0 1 2
            """);

    assertThat(plan.contacts()).containsExactly(Contact.of(1, 2, 20_000, 30_000, 5));
    assertThat(plan.ranges()).isEmpty();
  }

  @Test
  void acceptsWindowsLineEndings() {
    assertThat(reader.read("a contact +0 +10 1 2 5\r\na range +0 +10 1 2 1\r\n").contacts())
        .hasSize(1);
  }

  @Test
  void errorNamesLineAndFieldOfBadNodeNumber() {
    ContactPlanFormatException e =
        catchThrowableOfType(
            ContactPlanFormatException.class,
            () -> reader.read("# header\na contact +0 +10 1 2 5\na contact +0 +10 1 0 5\n"));

    assertThat(e.line()).isEqualTo(3);
    assertThat(e.field()).isEqualTo("to_node");
    assertThat(e).hasMessageStartingWith("line 3, field 'to_node': node number 0");
  }

  @Test
  void errorNamesLineAndFieldOfBadTime() {
    ContactPlanFormatException e =
        catchThrowableOfType(
            ContactPlanFormatException.class,
            () -> reader.read("a contact 2026/13/01-00:00:00 +10 1 2 5\n"));

    assertThat(e.line()).isEqualTo(1);
    assertThat(e.field()).isEqualTo("from_time");
  }

  @Test
  void rejectsEndBeforeStart() {
    assertThatThrownBy(() -> reader.read("a range +10 +10 1 2 1\n"))
        .isInstanceOf(ContactPlanFormatException.class)
        .hasMessageContaining("field 'until_time'");
  }

  @Test
  void rejectsBadRateConfidenceAndLightTime() {
    assertThat(field("a contact +0 +10 1 2 0\n")).isEqualTo("xmit_data_rate");
    assertThat(field("a contact +0 +10 1 2 -5\n")).isEqualTo("xmit_data_rate");
    assertThat(field("a contact +0 +10 1 2 99999999999999999999\n")).isEqualTo("xmit_data_rate");
    assertThat(field("a contact +0 +10 1 2 5 1.5\n")).isEqualTo("confidence");
    assertThat(field("a contact +0 +10 1 2 5 NaN\n")).isEqualTo("confidence");
    assertThat(field("a range +0 +10 1 2 x\n")).isEqualTo("owlt");
  }

  @Test
  void rejectsWrongWordCountAndUnknownCommands() {
    assertThatThrownBy(() -> reader.read("a contact +0 +10 1 2\n"))
        .isInstanceOf(ContactPlanFormatException.class)
        .hasMessageContaining("line 1");
    assertThat(field("q contact\n")).isEqualTo("command");
    assertThat(field("a zone +0 +10 1 2 3\n")).isEqualTo("object");
  }

  @Test
  void overlappingContactsAreReportedWithBothLines() {
    ContactPlanFormatException e =
        catchThrowableOfType(
            ContactPlanFormatException.class,
            () -> reader.read("a contact +0 +10 1 2 5\n\na contact +5 +15 1 2 5\n"));

    assertThat(e.line()).isEqualTo(3);
    assertThat(e).hasMessageContaining("line 1");
  }

  @Test
  void rejectsOverlongLine() {
    assertThatThrownBy(() -> reader.read("#" + "x".repeat(5000)))
        .isInstanceOf(ContactPlanFormatException.class)
        .hasMessageContaining("longer than");
  }

  private String field(String text) {
    return catchThrowableOfType(ContactPlanFormatException.class, () -> reader.read(text)).field();
  }
}
