package org.starlane.bp.eid;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import org.starlane.bp.cbor.CborException;
import org.starlane.bp.cbor.CborLimits;
import org.starlane.bp.cbor.CborReader;

/** Round trips of generated endpoint IDs of every form, and hostile text and bytes. */
class EndpointIdProperties {

  @Provide
  Arbitrary<EndpointId> endpointIds() {
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(EndpointId.NONE)),
        Tuple.of(4, dtnEndpoints()),
        Tuple.of(6, ipnEndpoints()));
  }

  private Arbitrary<DtnEndpoint> dtnEndpoints() {
    Arbitrary<String> regNameChar =
        Arbitraries.oneOf(
            Arbitraries.chars()
                .range('a', 'z')
                .range('A', 'Z')
                .range('0', '9')
                .with("-._~!$&'()*+,;=".toCharArray())
                .map(String::valueOf),
            Arbitraries.integers().between(0, 255).map(b -> String.format("%%%02X", b)));
    Arbitrary<String> nodeName =
        regNameChar.list().ofMinSize(1).ofMaxSize(12).map(parts -> String.join("", parts));
    Arbitrary<String> demux = Arbitraries.strings().withCharRange('!', '~').ofMaxLength(20);
    return Combinators.combine(nodeName, demux).as((n, d) -> new DtnEndpoint(n, d));
  }

  private Arbitrary<IpnEndpoint> ipnEndpoints() {
    Arbitrary<Long> number =
        Arbitraries.oneOf(
            Arbitraries.longs().between(0, IpnEndpoint.MAX_NUMBER),
            Arbitraries.of(0L, 1L, IpnEndpoint.MAX_NUMBER - 1, IpnEndpoint.MAX_NUMBER));
    Arbitrary<Long> allocator = Arbitraries.oneOf(Arbitraries.just(0L), number);
    Arbitrary<Long> service = Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.of(0L, -1L));
    return Combinators.combine(allocator, number, service, Arbitraries.of(2, 3))
        .as((a, n, s, e) -> new IpnEndpoint(a, n, s, e));
  }

  @Property
  void parsingTheTextFormGivesTheSameEndpoint(@ForAll("endpointIds") EndpointId eid) {
    EndpointId parsed = EndpointId.parse(eid.toString());
    assertThat(parsed).isEqualTo(eid).hasSameHashCodeAs(eid);
    assertThat(parsed).hasToString(eid.toString());
    assertThat(parsed.isNull()).isEqualTo(eid.isNull());
  }

  @Property
  void decodingTheCborFormGivesTheSameEndpointInTheSameForm(@ForAll("endpointIds") EndpointId eid) {
    ByteBuf buf = Unpooled.buffer();
    try {
      eid.writeTo(buf);
      int length = buf.readableBytes();
      EndpointId decoded = EndpointId.readFrom(new CborReader(buf, CborLimits.DEFAULT));
      assertThat(decoded).isEqualTo(eid);
      assertThat(buf.isReadable()).isFalse();
      if (eid instanceof IpnEndpoint ipn) {
        assertThat(((IpnEndpoint) decoded).elements()).isEqualTo(ipn.elements());
      }
      ByteBuf again = Unpooled.buffer();
      try {
        decoded.writeTo(again);
        assertThat(ByteBufUtil.hexDump(again))
            .as("re-encoding is byte-identical")
            .isEqualTo(ByteBufUtil.hexDump(buf, 0, length));
        assertThat(again.readableBytes()).isEqualTo(length);
      } finally {
        again.release();
      }
    } finally {
      buf.release();
    }
  }

  @Property
  void theNodeIdIsANodeIdOfTheSameNode(@ForAll("endpointIds") EndpointId eid) {
    if (eid.isNull()) {
      assertThat(eid.isNodeId()).isFalse();
      return;
    }
    EndpointId nodeId = eid.nodeId();
    assertThat(nodeId.isNodeId()).isTrue();
    assertThat(nodeId.nodeId()).isEqualTo(nodeId);
    assertThat(eid.isNodeId()).isEqualTo(eid.equals(nodeId));
    assertThat(nodeId.schemeCode()).isEqualTo(eid.schemeCode());
  }

  @Property
  void arbitraryStringsOnlyEverThrowEndpointIdFormatException(@ForAll String text) {
    tryParse(text);
    tryParse("ipn:" + text);
    tryParse("dtn:" + text);
    tryParse("dtn://" + text);
  }

  @Provide
  Arbitrary<String> nearlyEndpointIds() {
    Arbitrary<String> alphabet =
        Arbitraries.strings().withChars("0123456789.!/:%~ aF\u0661\uff11").ofMaxLength(30);
    return Combinators.combine(Arbitraries.of("ipn:", "dtn:", "dtn://", "dtn:none", ""), alphabet)
        .as(String::concat);
  }

  @Property
  void nearlyValidStringsOnlyEverThrowEndpointIdFormatException(
      @ForAll("nearlyEndpointIds") String text) {
    tryParse(text);
  }

  /** Parses {@code text}; a success must format back to a text that parses to the same value. */
  private static void tryParse(String text) {
    EndpointId eid;
    try {
      eid = EndpointId.parse(text);
    } catch (EndpointIdFormatException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(EndpointId.parse(eid.toString())).isEqualTo(eid);
  }

  @Property
  void arbitraryBytesOnlyEverThrowCborException(@ForAll @Size(max = 40) byte[] bytes) {
    byte[] eidLike = new byte[bytes.length + 2];
    eidLike[0] = (byte) 0x82;
    eidLike[1] = (byte) (bytes.length > 0 && bytes[0] < 0 ? 0x01 : 0x02);
    System.arraycopy(bytes, 0, eidLike, 2, bytes.length);
    for (byte[] input : new byte[][] {bytes, eidLike}) {
      ByteBuf buf = Unpooled.wrappedBuffer(input);
      try {
        EndpointId.readFrom(new CborReader(buf, CborLimits.DEFAULT));
      } catch (CborException e) {
        assertThat(e.offset()).isBetween(0L, (long) input.length);
      } finally {
        buf.release();
      }
    }
  }
}
