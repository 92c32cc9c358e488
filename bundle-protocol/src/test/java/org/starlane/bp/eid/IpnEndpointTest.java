package org.starlane.bp.eid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.starlane.bp.eid.EidCodec.decode;
import static org.starlane.bp.eid.EidCodec.encode;
import static org.starlane.bp.eid.EidCodec.rejection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.starlane.bp.cbor.CborException;

/** The {@code ipn} scheme: RFC 9171 §4.2.5.1.2 as updated by RFC 9758. */
class IpnEndpointTest {

  private static IpnEndpoint parse(String text) {
    return (IpnEndpoint) EndpointId.parse(text);
  }

  // ---- text form (RFC 9758 §4) ----

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ipn:977.1, 0, 977, 1, 2",
    "ipn:0.0, 0, 0, 0, 2",
    "ipn:1.0, 0, 1, 0, 2",
    "ipn:4294967294.18446744073709551615, 0, 4294967294, 18446744073709551615, 2",
    "ipn:!.7, 0, 4294967295, 7, 2",
    "ipn:977000.1.3, 977000, 1, 3, 3",
    "ipn:0.5.1, 0, 5, 1, 3",
    "ipn:0.0.0, 0, 0, 0, 3",
    "ipn:4294967295.4294967295.18446744073709551615, 4294967295, 4294967295, 18446744073709551615, 3",
    "ipn:977000.4294967295.0, 977000, 4294967295, 0, 3",
  })
  void parsesAndFormatsTheTextForm(
      String text, long allocator, long node, String service, int elements) {
    IpnEndpoint eid = parse(text);
    assertThat(eid.allocator()).isEqualTo(allocator);
    assertThat(eid.node()).isEqualTo(node);
    assertThat(eid.service()).isEqualTo(Long.parseUnsignedLong(service));
    assertThat(eid.elements()).isEqualTo(elements);
    assertThat(eid).hasToString(text);
  }

  @Test
  void writesTheLocalNodeAsAnExclamationMark() {
    // RFC 9758 §3.4.2: the FQNN 0.(2^32-1) SHOULD be written "!"
    assertThat(parse("ipn:4294967295.3")).hasToString("ipn:!.3").isEqualTo(parse("ipn:!.3"));
    assertThat(parse("ipn:0.4294967295.3")).hasToString("ipn:!.3");
    assertThat(new IpnEndpoint(0, IpnEndpoint.LOCAL_NODE, 0, 3)).hasToString("ipn:!.0");
  }

  @Test
  void writesANonZeroAllocatorInTheTwoElementFormWithThreeNumbers() {
    assertThat(new IpnEndpoint(977000, 1, 1, 2)).hasToString("ipn:977000.1.1");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "ipn:",
        "ipn:1",
        "ipn:1.",
        "ipn:.1",
        "ipn:1..2",
        "ipn:..",
        "ipn:1.2.3.4",
        "ipn:01.2", // RFC 9758 §4: no leading zeros
        "ipn:1.02",
        "ipn:00.0",
        "ipn:0.01.2",
        "ipn:01.1.2",
        "ipn:1.2.00",
        "ipn:-1.2",
        "ipn:+1.2",
        "ipn: 1.2",
        "ipn:1.2 ",
        "ipn:1.2\n",
        "ipn:1e3.2",
        "ipn:0x10.2",
        "ipn:4294967296.1", // node number above 2^32-1
        "ipn:4294967296.1.1", // allocator above 2^32-1
        "ipn:1.4294967296.1",
        "ipn:1.18446744073709551616", // service above 2^64-1
        "ipn:1.99999999999999999999",
        "ipn:1.123456789012345678901234567890",
        "ipn:!",
        "ipn:!.",
        "ipn:!.!",
        "ipn:0.!.1", // '!' replaces the whole FQNN, never just the node number
        "ipn:1.!.1",
        "ipn:!.1.2",
        "ipn:1.!",
        "ipn:\u0661.\u0662", // Arabic-Indic digits are not DIGIT
        "ipn:\uff11.\uff12", // nor are fullwidth digits
        "IPN:1.2",
        "ipn://1.2",
        "ipn:1/2",
        "ipn:1,2",
      })
  void rejectsTextOutsideTheRfc9758Syntax(String text) {
    assertThatThrownBy(() -> EndpointId.parse(text))
        .isInstanceOf(EndpointIdFormatException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @Test
  void namesTheOffendingPartInItsMessage() {
    assertThatThrownBy(() -> EndpointId.parse("ipn:01.2"))
        .hasMessage("'ipn:01.2': node number '01' has a leading zero");
    assertThatThrownBy(() -> EndpointId.parse("ipn:4294967296.1"))
        .hasMessage("'ipn:4294967296.1': node number 4294967296 is above 4294967295");
    assertThatThrownBy(() -> EndpointId.parse("ipn:5000000000.1.1"))
        .hasMessage("'ipn:5000000000.1.1': allocator identifier 5000000000 is above 4294967295");
    assertThatThrownBy(() -> EndpointId.parse("ipn:1.18446744073709551616"))
        .hasMessage(
            "'ipn:1.18446744073709551616': service number 18446744073709551616 is above"
                + " 2^64-1");
    assertThatThrownBy(() -> EndpointId.parse("ipn:0.!.1"))
        .hasMessage("'ipn:0.!.1': node number '!' is not a decimal number");
  }

  // ---- CBOR (RFC 9758 §6), byte for byte from the CDDL ----

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // [2, [FQNN, S]]: with allocator 0 the same bytes as RFC 9171's [2, [node, service]]
    "ipn:977000.1, 82 02 82 1a000ee868 01",
    "ipn:0.0, 82 02 82 00 00",
    "ipn:1.0, 82 02 82 01 00",
    "ipn:23.24, 82 02 82 17 1818",
    "ipn:!.0, 82 02 82 1affffffff 00",
    "ipn:1.18446744073709551615, 82 02 82 01 1bffffffffffffffff",
    // [2, [A, N, S]]
    "ipn:977000.100.1, 82 02 83 1a000ee868 1864 01",
    "ipn:0.1.1, 82 02 83 00 01 01",
    "ipn:0.0.0, 82 02 83 00 00 00",
    "ipn:4294967295.4294967295.4294967296, 82 02 83 1affffffff 1affffffff 1b0000000100000000",
  })
  void encodesTheFormTheTextNames(String text, String hex) {
    EndpointId eid = EndpointId.parse(text);
    assertThat(encode(eid)).isEqualTo(hex.replace(" ", ""));
    assertThat(decode(hex)).isEqualTo(eid).hasToString(text);
  }

  @Test
  void encodesANonZeroAllocatorInTheTwoElementFormAsTheFullyQualifiedNodeNumber() {
    // RFC 9758 §6.1.1: ipn:977000.100.1 packs to FQNN 0x000EE86800000064
    IpnEndpoint eid = new IpnEndpoint(977000, 100, 1, 2);
    assertThat(eid.fullyQualifiedNodeNumber()).isEqualTo(0x000E_E868_0000_0064L);
    assertThat(encode(eid)).isEqualTo("8202821b000ee8680000006401");
  }

  @Test
  void decodesATwoElementFullyQualifiedNodeNumberIntoAllocatorAndNode() {
    IpnEndpoint eid = (IpnEndpoint) decode("82 02 82 1b 000ee868 00000001 01");
    assertThat(eid.allocator()).isEqualTo(977000);
    assertThat(eid.node()).isEqualTo(1);
    assertThat(eid.service()).isEqualTo(1);
    assertThat(eid.elements()).isEqualTo(2);
    assertThat(eid).hasToString("ipn:977000.1.1").isEqualTo(parse("ipn:977000.1.1"));
    IpnEndpoint top = (IpnEndpoint) decode("82 02 82 1b ffffffff ffffffff 00");
    assertThat(top.allocator()).isEqualTo(IpnEndpoint.MAX_NUMBER);
    assertThat(top.node()).isEqualTo(IpnEndpoint.MAX_NUMBER);
  }

  @Test
  void keepsTheThreeElementFormWhenReEncoding() {
    String threeElements = "82 02 83 00 01 01";
    IpnEndpoint eid = (IpnEndpoint) decode(threeElements);
    assertThat(eid.elements()).isEqualTo(3);
    assertThat(encode(eid)).isEqualTo("8202830001" + "01");
    assertThat(eid).isEqualTo(EndpointId.ipn(1, 1)).hasSameHashCodeAs(EndpointId.ipn(1, 1));
    assertThat(encode(EndpointId.ipn(1, 1))).isEqualTo("8202820101");
  }

  @Test
  void keepsTheTwoElementFormWithANonZeroAllocatorWhenReEncoding() {
    String twoElements = "8202821b000ee8680000000101";
    assertThat(encode(decode(twoElements))).isEqualTo(twoElements);
  }

  @Test
  void readsLongerThanNeededIntegersButWritesTheShortestForm() {
    EndpointId eid = decode("82 02 82 1a00000001 1900 01");
    assertThat(eid).isEqualTo(EndpointId.ipn(1, 1));
    assertThat(encode(eid)).isEqualTo("8202820101");
  }

  @Test
  void convertsBetweenTheTwoCborForms() {
    IpnEndpoint two = new IpnEndpoint(977000, 100, 1, 2);
    IpnEndpoint three = two.withElements(3);
    assertThat(three.elements()).isEqualTo(3);
    assertThat(three).isEqualTo(two);
    assertThat(encode(three)).isEqualTo("8202831a000ee868186401");
    assertThat(two.withElements(2)).isSameAs(two);
  }

  @Test
  void rejectsAnAllocatorOrNodeNumberAbove2To32Minus1InTheThreeElementForm() {
    CborException allocator = rejection("82 02 83 1b0000000100000000 01 01");
    assertThat(allocator.problem())
        .isEqualTo("ipn allocator identifier 4294967296 exceeds 4294967295");
    assertThat(allocator.offset()).isEqualTo(3);
    CborException node = rejection("82 02 83 01 1b0000000800000001 01");
    assertThat(node.problem()).isEqualTo("ipn node number 34359738369 exceeds 4294967295");
    assertThat(node.offset()).isEqualTo(4);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "82 02 81 00, 2, 'ipn SSP must be an array of 2 or 3 unsigned integers, found 1 elements'",
    "82 02 84 00 00 00 00, 2, "
        + "'ipn SSP must be an array of 2 or 3 unsigned integers, found 4 elements'",
    "82 02 80, 2, 'ipn SSP must be an array of 2 or 3 unsigned integers, found 0 elements'",
    "82 02 9f 01 01 01 01 ff, 6, 'ipn SSP array has more than 3 elements'",
    "82 02 01, 2, 'expected an array, found an unsigned integer (initial byte 0x1)'",
    "82 02 82 20 01, 3, 'expected an unsigned integer, found a negative integer (initial byte 0x20)'",
    "82 02 82 01 61 31, 4, 'expected an unsigned integer, found a text string (initial byte 0x61)'",
    "82 02 83 01 01 f5, 5, 'expected an unsigned integer, found a simple value or float "
        + "(initial byte 0xf5)'",
  })
  void rejectsMalformedIpnSchemeSpecificParts(String hex, long offset, String problem) {
    CborException e = rejection(hex);
    assertThat(e.problem()).isEqualTo(problem);
    assertThat(e.offset()).isEqualTo(offset);
  }

  // ---- null node, local node, node IDs ----

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ipn:0.0", "ipn:0.7", "ipn:0.0.0", "ipn:0.0.18446744073709551615"})
  void treatsEveryServiceOnTheNullNodeAsTheNullEndpoint(String text) {
    // RFC 9758: ipn:0.S with S != 0 is not valid, but is to be treated as the null endpoint
    IpnEndpoint eid = parse(text);
    assertThat(eid.isNull()).isTrue();
    assertThat(eid.isNodeId()).isFalse();
    assertThatThrownBy(eid::nodeId)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("null endpoint");
  }

  @Test
  void doesNotTreatNodeZeroUnderAnotherAllocatorAsNull() {
    IpnEndpoint eid = parse("ipn:977000.0.0");
    assertThat(eid.isNull()).isFalse();
    assertThat(eid.isNodeId()).isTrue();
  }

  @Test
  void recognisesTheLocalNodeOnlyUnderTheDefaultAllocator() {
    assertThat(parse("ipn:!.5").isLocalNode()).isTrue();
    assertThat(parse("ipn:0.4294967295.5").isLocalNode()).isTrue();
    assertThat(parse("ipn:977000.4294967295.5").isLocalNode()).isFalse();
    assertThat(parse("ipn:4294967294.5").isLocalNode()).isFalse();
  }

  @Test
  void derivesTheNodeIdWithServiceZeroInTheSameForm() {
    IpnEndpoint eid = parse("ipn:977.1");
    assertThat(eid.isNodeId()).isFalse();
    assertThat(eid.nodeId()).isEqualTo(parse("ipn:977.0"));
    assertThat(eid.nodeId().isNodeId()).isTrue();
    IpnEndpoint nodeId = parse("ipn:977.0");
    assertThat(nodeId.nodeId()).isSameAs(nodeId);
    IpnEndpoint three = parse("ipn:977000.5.9");
    assertThat(three.nodeId()).hasToString("ipn:977000.5.0");
    assertThat(three.nodeId().elements()).isEqualTo(3);
    assertThat(parse("ipn:!.9").nodeId()).hasToString("ipn:!.0");
  }

  // ---- values ----

  @Test
  void comparesAllocatorNodeAndServiceButNotTheCborForm() {
    IpnEndpoint a = new IpnEndpoint(0, 5, 1, 2);
    assertThat(a).isEqualTo(new IpnEndpoint(0, 5, 1, 3));
    assertThat(a).hasSameHashCodeAs(new IpnEndpoint(0, 5, 1, 3));
    assertThat(a).isNotEqualTo(new IpnEndpoint(0, 5, 2, 2));
    assertThat(a).isNotEqualTo(new IpnEndpoint(0, 6, 1, 2));
    assertThat(a).isNotEqualTo(new IpnEndpoint(1, 5, 1, 2));
    assertThat(a).isNotEqualTo(EndpointId.NONE);
    assertThat(a.schemeCode()).isEqualTo(EndpointId.SCHEME_IPN);
  }

  @Test
  void rejectsNumbersOutOfRangeAndUnknownFormsOnConstruction() {
    assertThatThrownBy(() -> new IpnEndpoint(-1, 1, 1, 2))
        .isInstanceOf(EndpointIdFormatException.class)
        .hasMessage("ipn allocator identifier -1 outside 0..4294967295");
    assertThatThrownBy(() -> new IpnEndpoint(1L << 32, 1, 1, 2))
        .isInstanceOf(EndpointIdFormatException.class);
    assertThatThrownBy(() -> new IpnEndpoint(0, 1L << 32, 1, 2))
        .isInstanceOf(EndpointIdFormatException.class)
        .hasMessage("ipn node number 4294967296 outside 0..4294967295");
    assertThatThrownBy(() -> new IpnEndpoint(0, -1, 1, 2))
        .isInstanceOf(EndpointIdFormatException.class);
    for (int elements : new int[] {0, 1, 4}) {
      assertThatThrownBy(() -> new IpnEndpoint(0, 1, 1, elements))
          .isInstanceOf(EndpointIdFormatException.class)
          .hasMessage("ipn CBOR form must have 2 or 3 elements, not " + elements);
    }
    assertThatThrownBy(() -> new IpnEndpoint(0, 1, 1, 2).withElements(5))
        .isInstanceOf(EndpointIdFormatException.class);
  }
}
