package org.starlane.cgr.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.starlane.cgr.Contact;
import org.starlane.cgr.ContactPlan;

/** Round trips and robustness of the ION and HDTN contact plan formats. */
class ContactPlanFormatProperties {

  private static final Instant BASE = Instant.ofEpochMilli(ContactPlanArbitraries.BASE_MILLIS);

  @Property(tries = 300)
  void ionWithAbsoluteTimesReadsBackTheSamePlan(@ForAll("plans") ContactPlan plan) {
    String text = IonContactPlanWriter.absolute().write(plan);

    assertThat(IonContactPlanReader.withReferenceTime(Instant.EPOCH).read(text)).isEqualTo(plan);
  }

  @Property(tries = 300)
  void ionWithRelativeTimesReadsBackTheSamePlanWhateverTheReaderDefault(
      @ForAll("plans") ContactPlan plan, @ForAll("offsets") long offsetSeconds) {
    String text = IonContactPlanWriter.relativeTo(BASE.plusSeconds(offsetSeconds)).write(plan);

    assertThat(IonContactPlanReader.withReferenceTime(Instant.ofEpochSecond(12345)).read(text))
        .isEqualTo(plan);
  }

  @Property(tries = 300)
  void hdtnKeepsEveryUsableContactAndItsLightTime(@ForAll("plans") ContactPlan plan) {
    String json = HdtnContactPlanWriter.relativeTo(BASE).write(plan);

    ContactPlan read = HdtnContactPlanReader.relativeTo(BASE).read(json);

    Map<Contact, Long> expected = new HashMap<>();
    for (Contact c : plan.contacts()) {
      if (plan.owltMillis(c).isPresent()) {
        expected.put(c, plan.owltMillis(c).getAsLong());
      }
    }
    Map<Contact, Long> actual = new HashMap<>();
    for (Contact c : read.contacts()) {
      actual.put(c, read.owltMillis(c).orElseThrow());
    }
    assertThat(actual).isEqualTo(expected);
    assertThat(HdtnContactPlanWriter.relativeTo(BASE).write(read))
        .as("a written HDTN plan is a fixed point")
        .isEqualTo(json);
  }

  @Property(tries = 500)
  void arbitraryTextYieldsOnlyTheTypedException(@ForAll("ionish") String text) {
    try {
      IonContactPlanReader.withReferenceTime(BASE).read(text);
    } catch (ContactPlanFormatException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Property(tries = 500)
  void arbitraryJsonishTextYieldsOnlyTheTypedException(@ForAll("jsonish") String text) {
    try {
      HdtnContactPlanReader.relativeTo(BASE).read(text);
    } catch (ContactPlanFormatException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Property(tries = 300)
  void mutatedIonPlansYieldOnlyTheTypedException(
      @ForAll("plans") ContactPlan plan, @ForAll("mutations") int seed) {
    String text = IonContactPlanWriter.absolute().write(plan);
    String mutated = mutate(text, seed, " +-/:0123456789acdr@#x.\n");
    try {
      IonContactPlanReader.withReferenceTime(BASE).read(mutated);
    } catch (ContactPlanFormatException e) {
      assertThat(e.line()).isPositive();
    }
  }

  @Property(tries = 300)
  void mutatedHdtnPlansYieldOnlyTheTypedException(
      @ForAll("plans") ContactPlan plan, @ForAll("mutations") int seed) {
    String json = HdtnContactPlanWriter.relativeTo(BASE).write(plan);
    String mutated = mutate(json, seed, "{}[]\":,-.0123456789e \nabc");
    try {
      HdtnContactPlanReader.relativeTo(BASE).read(mutated);
    } catch (ContactPlanFormatException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  private static String mutate(String text, int seed, String alphabet) {
    java.util.Random random = new java.util.Random(seed);
    StringBuilder s = new StringBuilder(text);
    int edits = 1 + random.nextInt(4);
    for (int i = 0; i < edits && s.length() > 0; i++) {
      int at = random.nextInt(s.length());
      switch (random.nextInt(3)) {
        case 0 -> s.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
        case 1 -> s.deleteCharAt(at);
        default -> s.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
      }
    }
    return s.toString();
  }

  @Provide
  Arbitrary<ContactPlan> plans() {
    return ContactPlanArbitraries.plans();
  }

  @Provide
  Arbitrary<Long> offsets() {
    return Arbitraries.longs().between(-10_000, 10_000);
  }

  @Provide
  Arbitrary<Integer> mutations() {
    return Arbitraries.integers();
  }

  @Provide
  Arbitrary<String> ionish() {
    return Arbitraries.strings().withChars(" +-/:0123456789acdegnortx@#.\n\r\t").ofMaxLength(120);
  }

  @Provide
  Arbitrary<String> jsonish() {
    return Arbitraries.strings()
        .withChars("{}[]\":,-.0123456789eE \nsourcedtaifmTwlh")
        .ofMaxLength(120);
  }
}
