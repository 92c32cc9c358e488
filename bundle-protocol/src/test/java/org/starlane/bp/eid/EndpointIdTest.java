package org.starlane.bp.eid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.starlane.bp.eid.EidCodec.bytes;
import static org.starlane.bp.eid.EidCodec.decode;
import static org.starlane.bp.eid.EidCodec.rejection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.starlane.bp.cbor.CborException;
import org.starlane.bp.cbor.CborLimits;
import org.starlane.bp.cbor.CborReader;

/** {@link EndpointId}: scheme dispatch for text and CBOR (RFC 9171 §4.2.5.1). */
class EndpointIdTest {

  @Test
  void parsesEachSchemeIntoItsOwnType() {
    assertThat(EndpointId.parse("dtn:none")).isInstanceOf(DtnNone.class);
    assertThat(EndpointId.parse("dtn://n/")).isInstanceOf(DtnEndpoint.class);
    assertThat(EndpointId.parse("ipn:1.1")).isInstanceOf(IpnEndpoint.class);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "dtn", "ipn", ":", "none", "http://node/", "mailto:a@b", " dtn:none"})
  void rejectsTextWithoutADtnOrIpnScheme(String text) {
    assertThatThrownBy(() -> EndpointId.parse(text))
        .isInstanceOf(EndpointIdFormatException.class)
        .hasMessage(
            "'" + text + "' is not an endpoint ID: expected dtn:none, dtn://node/demux or ipn:N.S");
  }

  @Test
  void buildsTwoElementIpnEndpointsWithTheShorthand() {
    IpnEndpoint eid = EndpointId.ipn(977, 1);
    assertThat(eid).isEqualTo(new IpnEndpoint(0, 977, 1, 2));
    assertThat(eid.elements()).isEqualTo(2);
    assertThat(eid).hasToString("ipn:977.1");
  }

  @Test
  void acceptsIndefiniteLengthEndpointIdArraysBecauseRfc9171AllowsThem() {
    // RFC 9171 §4.1: indefinite-length items are not prohibited.
    assertThat(decode("9f 01 00 ff")).isEqualTo(EndpointId.NONE);
    assertThat(decode("9f 02 82 18 2a 01 ff")).isEqualTo(EndpointId.ipn(42, 1));
    assertThat(decode("82 02 9f 18 2a 01 ff")).isEqualTo(EndpointId.ipn(42, 1));
    IpnEndpoint three = (IpnEndpoint) decode("82 02 9f 05 18 2a 01 ff");
    assertThat(three).isEqualTo(new IpnEndpoint(5, 42, 1, 3));
    assertThat(three.elements()).isEqualTo(3);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "81 01, 0, 'endpoint ID must be an array of 2 elements, found 1 elements'",
    "83 01 00 00, 0, 'endpoint ID must be an array of 2 elements, found 3 elements'",
    "9f 01 00 00 ff, 3, 'endpoint ID array has more than 2 elements'",
    "a1 01 00, 0, 'expected an array, found a map (initial byte 0xa1)'",
    "82 03 00, 1, unsupported endpoint ID scheme code 3",
    "82 00 00, 1, unsupported endpoint ID scheme code 0",
    "82 1bffffffffffffffff 00, 1, unsupported endpoint ID scheme code 18446744073709551615",
    "82 20 00, 1, 'expected an unsigned integer, found a negative integer (initial byte 0x20)'",
    "82 61 31 00, 1, 'expected an unsigned integer, found a text string (initial byte 0x61)'",
  })
  void rejectsMalformedEndpointIdArraysAtTheirOffset(String hex, long offset, String problem) {
    CborException e = rejection(hex);
    assertThat(e.problem()).isEqualTo(problem);
    assertThat(e.offset()).isEqualTo(offset);
  }

  @Test
  void rejectsEveryTruncationOfValidEncodings() {
    List<String> valid =
        List.of(
            "820100",
            "82016a2f2f6e6f64652f737663",
            "8202821a000ee86801",
            "8202831a000ee868186401",
            "8202821b000ee8680000006401",
            "8202821affffffff1bffffffffffffffff");
    for (String hex : valid) {
      assertThat(decode(hex)).isNotNull();
      byte[] whole = bytes(hex);
      for (int cut = 0; cut < whole.length; cut++) {
        String prefix = ByteBufUtil.hexDump(whole, 0, cut);
        CborException e = rejection(prefix);
        assertThat(e.problem()).as("prefix %s", prefix).startsWith("truncated");
      }
    }
  }

  @Test
  void readsOneEndpointIdAndLeavesTheReaderAfterIt() {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes("820100 8202820101 182a"));
    try {
      CborReader in = new CborReader(buf, CborLimits.DEFAULT);
      assertThat(EndpointId.readFrom(in)).isSameAs(EndpointId.NONE);
      assertThat(EndpointId.readFrom(in)).isEqualTo(EndpointId.ipn(1, 1));
      assertThat(in.readUnsigned()).isEqualTo(42);
    } finally {
      buf.release();
    }
  }

  @Test
  void reportsOffsetsFromWhereTheCallersReaderStarted() {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes("8202820101 820300"));
    try {
      CborReader in = new CborReader(buf, CborLimits.DEFAULT);
      EndpointId.readFrom(in);
      assertThatThrownBy(() -> EndpointId.readFrom(in))
          .isInstanceOf(CborException.class)
          .hasMessage("unsupported endpoint ID scheme code 3 at byte offset 6");
    } finally {
      buf.release();
    }
  }

  @Test
  void honoursTheTextStringLimitForDtnSchemeSpecificParts() {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes("82016a2f2f6e6f64652f737663"));
    try {
      CborReader in = new CborReader(buf, new CborLimits(100, 9, 100, 4));
      assertThatThrownBy(() -> EndpointId.readFrom(in))
          .isInstanceOf(CborException.class)
          .hasMessage("text string length 10 exceeds the limit of 9 at byte offset 2");
    } finally {
      buf.release();
    }
  }
}
