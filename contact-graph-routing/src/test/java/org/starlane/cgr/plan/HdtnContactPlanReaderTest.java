package org.starlane.cgr.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.starlane.cgr.Contact;
import org.starlane.cgr.ContactPlan;
import org.starlane.cgr.Range;

class HdtnContactPlanReaderTest {

  private final HdtnContactPlanReader reader = HdtnContactPlanReader.relativeTo(Instant.EPOCH);

  @Test
  void readsContactsWithRateInBitsAndLightTime() {
    ContactPlan plan =
        HdtnContactPlanReader.relativeTo(Instant.ofEpochSecond(1000))
            .read(
                """
                {
                  "contacts": [
                    { "contact": 0, "source": 102, "dest": 10, "finalDestination": 2,
                      "startTime": 0, "endTime": 2000, "rateBitsPerSec": 1000000000, "owlt": 1 },
                    { "contact": 1, "source": 10, "dest": 2, "startTime": 5, "endTime": 20,
                      "rateBitsPerSec": 9600, "owlt": 3, "confidence": 0.5 }
                  ]
                }
                """);

    assertThat(plan.contacts())
        .containsExactlyInAnyOrder(
            Contact.of(102, 10, 1_000_000, 3_000_000, 125_000_000),
            new Contact(10, 2, 1_005_000, 1_020_000, 1200, 0.5));
    assertThat(plan.ranges())
        .containsExactlyInAnyOrder(
            Range.ofSeconds(102, 10, 1_000_000, 3_000_000, 1),
            Range.ofSeconds(10, 2, 1_005_000, 1_020_000, 3));
  }

  @Test
  void readsDeprecatedRateInMegabits() {
    ContactPlan plan =
        reader.read(
            "{\"contacts\":[{\"source\":1,\"dest\":2,\"startTime\":0,\"endTime\":60,\"rate\":1,\"owlt\":1}]}");

    assertThat(plan.contacts().get(0).rateBytesPerSecond()).isEqualTo(125_000);
  }

  @Test
  void missingMemberIsNamedWithTheLineOfItsContact() {
    ContactPlanFormatException e =
        catchThrowableOfType(
            ContactPlanFormatException.class,
            () ->
                reader.read(
                    "{\"contacts\": [\n"
                        + "{\"source\":1,\"dest\":2,\"startTime\":0,\"endTime\":60,\"rateBitsPerSec\":8,\"owlt\":1},\n"
                        + "{\"source\":1,\"dest\":3,\"startTime\":0,\"endTime\":60,\"rateBitsPerSec\":8}\n"
                        + "]}"));

    assertThat(e.line()).isEqualTo(3);
    assertThat(e.field()).isEqualTo("owlt");
  }

  @Test
  void wrongTypesAndRangesNameTheField() {
    assertThat(field("{\"contacts\":[{\"source\":\"1\"}]}")).isEqualTo("source");
    assertThat(field("{\"contacts\":[{\"source\":0}]}")).isEqualTo("source");
    assertThat(field("{\"contacts\":[{\"startTime\":-1}]}")).isEqualTo("startTime");
    assertThat(field("{\"contacts\":[{\"startTime\":1.5}]}")).isEqualTo("startTime");
    assertThat(field("{\"contacts\":[{\"dest\":123456789012345678901234567890}]}"))
        .isEqualTo("dest");
    assertThat(
            field(
                "{\"contacts\":[{\"source\":1,\"dest\":2,\"startTime\":0,\"endTime\":60,\"rateBitsPerSec\":7,\"owlt\":1}]}"))
        .isEqualTo("rateBitsPerSec");
    assertThat(
            field(
                "{\"contacts\":[{\"source\":1,\"dest\":2,\"startTime\":60,\"endTime\":60,\"rateBitsPerSec\":8,\"owlt\":1}]}"))
        .isEqualTo("endTime");
    assertThat(field("{\"contacts\":{}}")).isEqualTo("contacts");
    assertThat(field("{}")).isEqualTo("contacts");
  }

  @Test
  void malformedJsonNamesTheLine() {
    ContactPlanFormatException e =
        catchThrowableOfType(
            ContactPlanFormatException.class, () -> reader.read("{\n\"contacts\": [\n{,}]}"));

    assertThat(e.line()).isEqualTo(3);
    assertThat(e).hasMessageContaining("malformed JSON");
  }

  private String field(String json) {
    return catchThrowableOfType(ContactPlanFormatException.class, () -> reader.read(json)).field();
  }
}
