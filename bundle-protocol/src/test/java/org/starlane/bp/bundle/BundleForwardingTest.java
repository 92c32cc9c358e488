package org.starlane.bp.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.starlane.bp.bundle.ReferenceEncoder.TIME;
import static org.starlane.bp.bundle.ReferenceEncoder.array;
import static org.starlane.bp.bundle.ReferenceEncoder.block;
import static org.starlane.bp.bundle.ReferenceEncoder.bundle;
import static org.starlane.bp.bundle.ReferenceEncoder.bundleAge;
import static org.starlane.bp.bundle.ReferenceEncoder.bytes;
import static org.starlane.bp.bundle.ReferenceEncoder.cat;
import static org.starlane.bp.bundle.ReferenceEncoder.head;
import static org.starlane.bp.bundle.ReferenceEncoder.hopCount;
import static org.starlane.bp.bundle.ReferenceEncoder.ipn;
import static org.starlane.bp.bundle.ReferenceEncoder.payload;
import static org.starlane.bp.bundle.ReferenceEncoder.previousNode;
import static org.starlane.bp.bundle.ReferenceEncoder.primary;
import static org.starlane.bp.bundle.ReferenceEncoder.uint;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.starlane.bp.eid.EndpointId;

/**
 * A relay re-encodes only what it changes (RFC 9171 §4.3.1: the primary block is immutable; §5.4
 * step 4 edits hop count, previous node and bundle age): decoding keeps every block's original
 * bytes, so valid but non-canonical encodings survive, and payloads are views, not copies.
 */
class BundleForwardingTest {
  private final BundleCodec codec = BundleCodec.DEFAULT;

  /** A primary block with every integer in a longer form than needed, and a correct CRC. */
  private static byte[] longFormPrimary() {
    return primary()
        .version(uint(7, 1))
        .flags(uint(0x4000, 4))
        .crcTypeItem(uint(2, 2))
        .destination(array(uint(2, 8), array(uint(2, 4), uint(1, 1))))
        .source(array(uint(2), array(uint(1, 2), uint(1))))
        .reportTo(array(uint(1), uint(0, 8))) // dtn:none with a 9-byte zero
        .creation(array(uint(TIME, 8), uint(0, 1)))
        .lifetime(uint(1000, 8))
        .encode();
  }

  @Test
  void reEncodesAPrimaryBlockWithLongerIntegerFormsByteForByte() {
    byte[] wire = bundle(longFormPrimary(), payload("x").encode()).bytes();
    Bundle b = codec.decode(wire);
    assertThat(b.primary().flags().bits()).isEqualTo(0x4000);
    assertThat(b.primary().destination()).isEqualTo(EndpointId.parse("ipn:2.1"));
    assertThat(b.primary().reportTo()).isEqualTo(EndpointId.NONE);
    assertThat(b.primary().creationTimestamp()).isEqualTo(new CreationTimestamp(TIME, 0));
    assertThat(b.primary().lifetimeMillis()).isEqualTo(1000);
    assertThat(codec.encode(b)).isEqualTo(wire);
    // Encoded from its fields, the same bundle comes out canonical (and shorter).
    byte[] canonical =
        bundle(
                primary()
                    .flags(0x4000)
                    .reportTo(ReferenceEncoder.dtnNone())
                    .lifetime(uint(1000))
                    .encode(),
                payload("x").encode())
            .bytes();
    assertThat(codec.encode(Bundle.of(b.primary(), b.blocks()))).isEqualTo(canonical);
    assertThat(canonical.length).isLessThan(wire.length);
  }

  @Test
  void reEncodesBlockHeadersAndDataWithLongerFormsByteForByte() {
    byte[] unknown =
        block(192, 2, cat(uint(5, 8), array(uint(0, 2)))) // longer integers inside the data
            .type(uint(192, 8))
            .number(uint(2, 4))
            .flags(uint(0x10, 2))
            .crcTypeItem(uint(1, 1))
            .crc(1)
            .encode();
    byte[] hopData = array(uint(30, 1), uint(2, 8));
    byte[] hop =
        block(10, 3, hopData)
            .dataItem(cat(head(2, hopData.length, 8), hopData)) // byte string header in 9 bytes
            .encode();
    byte[] wire = bundle(primary().encode(), unknown, hop, payload("x").encode()).bytes();
    Bundle b = codec.decode(wire);
    assertThat(b.blocks().get(0).type()).isEqualTo(192);
    assertThat(b.blocks().get(0).number()).isEqualTo(2);
    assertThat(b.blocks().get(0).flags().bits()).isEqualTo(0x10);
    assertThat(b.blocks().get(0).crcType()).isEqualTo(CrcType.CRC16_X25);
    assertThat(b.hopCount()).hasValue(new HopCount(30, 2));
    assertThat(codec.encode(b)).isEqualTo(wire);
  }

  /** A relay's bundle: primary, previous node, hop count, an unknown block, payload. */
  private static final byte[] PRIMARY = longFormPrimary();

  private static final byte[] PREVIOUS = previousNode(2, ipn(5, 0)).crc(1).encode();
  private static final byte[] UNKNOWN = block(192, 4, bytes(0xde, 0xad)).flags(0x11).encode();
  private static final byte[] PAYLOAD = payload(new byte[300]).encode();

  @Test
  void withHopCountChangesOnlyTheHopCountBlocksBytes() {
    byte[] hop = hopCount(3, 64, 23).crc(1).encode();
    byte[] wire = bundle(PRIMARY, PREVIOUS, hop, UNKNOWN, PAYLOAD).bytes();
    Bundle b = codec.decode(wire);
    Bundle forwarded = b.withHopCount(b.hopCount().orElseThrow().increment());
    byte[] out = codec.encode(forwarded);
    // Count 24 takes two bytes where 23 took one: the block grows, its neighbours do not change.
    byte[] newHop = hopCount(3, 64, 24).crc(1).encode();
    assertThat(newHop.length).isEqualTo(hop.length + 1);
    assertThat(out).isEqualTo(bundle(PRIMARY, PREVIOUS, newHop, UNKNOWN, PAYLOAD).bytes());
    assertThat(codec.decode(out).hopCount()).hasValue(new HopCount(64, 24));
    assertThat(codec.encode(b)).as("the original is unchanged").isEqualTo(wire);
  }

  @Test
  void withHopCountReEncodesANonCanonicalHopCountBlockCanonicallyAndNothingElse() {
    byte[] hop = hopCount(3, 64, 1).indefinite().encode();
    byte[] wire = bundle(PRIMARY, PREVIOUS, hop, UNKNOWN, PAYLOAD).bytes();
    Bundle forwarded = codec.decode(wire).withHopCount(new HopCount(64, 2));
    assertThat(codec.encode(forwarded))
        .isEqualTo(
            bundle(PRIMARY, PREVIOUS, hopCount(3, 64, 2).encode(), UNKNOWN, PAYLOAD).bytes());
  }

  @Test
  void withHopCountAddsAHopCountBlockBeforeThePayloadWhenThereIsNone() {
    byte[] wire = bundle(PRIMARY, PREVIOUS, UNKNOWN, PAYLOAD).bytes();
    Bundle forwarded = codec.decode(wire).withHopCount(new HopCount(16, 1));
    assertThat(codec.encode(forwarded))
        .isEqualTo(
            bundle(PRIMARY, PREVIOUS, UNKNOWN, hopCount(5, 16, 1).encode(), PAYLOAD).bytes());
  }

  @Test
  void withPreviousNodeAndBundleAgeChangeOnlyTheirBlocks() {
    byte[] age = bundleAge(6, 1000).encode();
    byte[] wire = bundle(PRIMARY, PREVIOUS, age, UNKNOWN, PAYLOAD).bytes();
    Bundle forwarded =
        codec
            .decode(wire)
            .withPreviousNode(EndpointId.parse("ipn:9.0"))
            .withBundleAgeMillis(250_000);
    assertThat(codec.encode(forwarded))
        .isEqualTo(
            bundle(
                    PRIMARY,
                    previousNode(2, ipn(9, 0)).crc(1).encode(),
                    bundleAge(6, 250_000).encode(),
                    UNKNOWN,
                    PAYLOAD)
                .bytes());
    assertThat(forwarded.previousNode()).hasValue(EndpointId.parse("ipn:9.0"));
    assertThat(forwarded.bundleAgeMillis()).hasValue(250_000);
  }

  @Test
  void withoutBlockDropsOneBlockAndKeepsTheOthersBytes() {
    byte[] wire = bundle(PRIMARY, PREVIOUS, UNKNOWN, PAYLOAD).bytes();
    Bundle b = codec.decode(wire).withoutBlock(4);
    assertThat(codec.encode(b)).isEqualTo(bundle(PRIMARY, PREVIOUS, PAYLOAD).bytes());
    assertThat(b.withoutBlock(99)).isSameAs(b);
  }

  @Test
  void withPrimaryReEncodesThePrimaryBlockOnly() {
    byte[] wire = bundle(PRIMARY, PREVIOUS, UNKNOWN, PAYLOAD).bytes();
    Bundle b = codec.decode(wire);
    Bundle changed = b.withPrimary(b.primary().withReportTo(EndpointId.parse("ipn:1.0")));
    byte[] primary = primary().flags(0x4000).reportTo(ipn(1, 0)).lifetime(uint(1000)).encode();
    assertThat(codec.encode(changed))
        .isEqualTo(bundle(primary, PREVIOUS, UNKNOWN, PAYLOAD).bytes());
  }

  @Test
  void anEditedBundleRemembersTheOtherBlocksAcrossSeveralEdits() {
    byte[] hop = hopCount(3, 64, 0).encode();
    byte[] wire = bundle(PRIMARY, PREVIOUS, hop, UNKNOWN, PAYLOAD).bytes();
    Bundle b = codec.decode(wire);
    for (int i = 1; i <= 3; i++) {
      b = codec.decode(codec.encode(b.withHopCount(new HopCount(64, i))));
    }
    assertThat(codec.encode(b))
        .isEqualTo(
            bundle(PRIMARY, PREVIOUS, hopCount(3, 64, 3).encode(), UNKNOWN, PAYLOAD).bytes());
  }

  @Test
  void payloadViewsShareTheDecodedArray() {
    // The zero-copy contract: block data are views on the caller's array, which the caller must
    // therefore leave alone. This test changes it on purpose to show that nothing was copied.
    byte[] content = "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    ReferenceEncoder.Canonical x = payload(content);
    ReferenceEncoder.WireBundle w = bundle(PRIMARY, x.encode());
    byte[] wire = w.bytes();
    Bundle b = codec.decode(wire);
    int first = w.start(1) + x.dataContentOffset();
    assertThat(b.payload().get(0)).isEqualTo((byte) 'h');
    wire[first] = 'j';
    assertThat(b.payload().get(0)).isEqualTo((byte) 'j');
    assertThat(b.payloadBlock().dataBytes()).asString().isEqualTo("jello");
    assertThat(b.payload().isReadOnly()).isTrue();
    // encode copies the (now changed) original bytes: the CRC no longer matches them.
    byte[] out = codec.encode(b);
    assertThat(out).isEqualTo(wire);
    assertThat(Arrays.equals(out, w.bytes())).isTrue(); // same content as the mutated array
  }
}
