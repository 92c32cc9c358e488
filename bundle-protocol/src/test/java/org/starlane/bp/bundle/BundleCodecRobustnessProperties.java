package org.starlane.bp.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.sun.management.ThreadMXBean;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.starlane.bp.bundle.ReferenceEncoder.WireBundle;

/**
 * Hostile and damaged input (RFC 9171 §4.2.2 CRCs, and untrusted bytes in general): the decoder
 * only ever throws {@link BundleFormatException}, detects every single-bit error in a CRC-protected
 * block, rejects every truncation, and never lets a length field decide an allocation.
 */
class BundleCodecRobustnessProperties {
  private final BundleCodec codec = BundleCodec.DEFAULT;

  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Provide
  Arbitrary<Bundle> bundles() {
    return BundleArbitraries.bundles();
  }

  @Provide
  Arbitrary<Bundle> smallBundles() {
    return BundleArbitraries.bundles(64);
  }

  /** Decodes and returns the bundle, or null after a deliberate {@link BundleFormatException}. */
  private Bundle decodeOrReject(byte[] bytes, int offset, int length) {
    try {
      return codec.decode(bytes, offset, length);
    } catch (BundleFormatException e) {
      assertThat(e.getCause()).as("a leaked exception, converted: %s", e.getMessage()).isNull();
      assertThat(e.offset()).isBetween(0L, (long) length);
      assertThat(e.block()).isNotBlank();
      return null;
    } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
      throw new AssertionError("decode threw " + e + " for " + Arrays.toString(bytes), e);
    }
  }

  /**
   * Decodes {@code bytes} from a ByteBuf: a rejection leaves the reader index alone; a success
   * consumes a prefix that decodes to the same bundle as a byte array.
   */
  private void decodeFromByteBufOrReject(byte[] bytes) {
    ByteBuf in = Unpooled.wrappedBuffer(bytes);
    Bundle b;
    try {
      b = codec.decode(in);
    } catch (BundleFormatException e) {
      assertThat(e.getCause()).as("a leaked exception, converted: %s", e.getMessage()).isNull();
      assertThat(in.readerIndex()).isZero();
      return;
    } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
      throw new AssertionError("decode(ByteBuf) threw " + e + " for " + Arrays.toString(bytes), e);
    }
    assertThat(codec.decode(bytes, 0, in.readerIndex())).isEqualTo(b);
  }

  private void assertRejected(byte[] bytes, int length, String what) {
    if (decodeOrReject(bytes, 0, length) != null) {
      fail("accepted " + what);
    }
  }

  // ------------------------------------------------------------------ CRCs catch single-bit flips

  /** The byte ranges [start, end) of the blocks that carry a CRC. */
  private static List<int[]> crcProtectedBlocks(Bundle b, WireBundle w) {
    List<int[]> ranges = new ArrayList<>();
    if (b.primary().crcType() != CrcType.NONE) {
      ranges.add(new int[] {w.starts()[0], w.ends()[0]});
    }
    for (int i = 0; i < b.blocks().size(); i++) {
      if (b.blocks().get(i).crcType() != CrcType.NONE) {
        ranges.add(new int[] {w.starts()[i + 1], w.ends()[i + 1]});
      }
    }
    return ranges;
  }

  @Property
  void anySingleBitFlipInACrcProtectedBlockIsDetected(
      @ForAll("bundles") Bundle b, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int pick) {
    WireBundle w = ReferenceEncoder.encode(b);
    List<int[]> ranges = crcProtectedBlocks(b, w);
    Assume.that(!ranges.isEmpty());
    int[] range = ranges.get(pick % ranges.size());
    int bit = (pick / ranges.size()) % ((range[1] - range[0]) * 8);
    byte[] flipped = w.bytes().clone();
    flipped[range[0] + bit / 8] ^= (byte) (1 << (bit % 8));
    assertRejected(flipped, flipped.length, "a bit flip at bit " + bit + " of block " + range[0]);
  }

  @Example
  void everySingleBitFlipInSmallBundlesIsDetectedWithEachCrcType() {
    for (int crc = 1; crc <= 2; crc++) {
      WireBundle w =
          ReferenceEncoder.bundle(
              ReferenceEncoder.primary().crc(crc).encode(),
              ReferenceEncoder.hopCount(2, 30, 4).crc(crc).encode(),
              ReferenceEncoder.payload("flip me").crc(crc).encode());
      byte[] wire = w.bytes();
      for (int bit = 8; bit < (wire.length - 1) * 8; bit++) { // every bit inside the blocks
        byte[] flipped = wire.clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        assertRejected(flipped, flipped.length, "CRC type " + crc + ", bit " + bit);
      }
    }
  }

  // ------------------------------------------------------------------ arbitrary input

  @Property
  void arbitraryBytesYieldOnlyBundleFormatException(@ForAll @Size(max = 400) byte[] bytes) {
    decodeOrReject(bytes, 0, bytes.length);
    decodeFromByteBufOrReject(bytes);
  }

  @Provide
  Arbitrary<byte[]> bundleLikeBytes() {
    // Start like a bundle (indefinite array, a 9-element primary block, version 7) so that the
    // random rest reaches deeper into the decoder.
    return Arbitraries.bytes()
        .array(byte[].class)
        .ofMaxSize(200)
        .map(rest -> ReferenceEncoder.cat(ReferenceEncoder.bytes(0x9f, 0x89, 0x07), rest));
  }

  @Property
  void bundleLikeBytesYieldOnlyBundleFormatException(@ForAll("bundleLikeBytes") byte[] bytes) {
    decodeOrReject(bytes, 0, bytes.length);
    decodeFromByteBufOrReject(bytes);
  }

  @Provide
  Arbitrary<byte[]> damagedBundles() {
    Arbitrary<int[]> edit =
        Combinators.combine(
                Arbitraries.integers().between(0, 2), // 0 replace, 1 insert, 2 delete
                Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.integers().between(0, 255))
            .as((kind, at, value) -> new int[] {kind, at, value});
    return Combinators.combine(smallBundles(), edit.list().ofMinSize(1).ofMaxSize(6))
        .as(
            (b, edits) -> {
              byte[] wire = ReferenceEncoder.encode(b).bytes();
              for (int[] e : edits) {
                int at = e[1] % (wire.length + 1);
                if (e[0] == 0 && at < wire.length) {
                  wire[at] = (byte) e[2];
                } else if (e[0] == 1) {
                  wire =
                      ReferenceEncoder.cat(
                          Arrays.copyOf(wire, at),
                          new byte[] {(byte) e[2]},
                          Arrays.copyOfRange(wire, at, wire.length));
                } else if (at < wire.length) {
                  wire =
                      ReferenceEncoder.cat(
                          Arrays.copyOf(wire, at), Arrays.copyOfRange(wire, at + 1, wire.length));
                }
              }
              return wire;
            });
  }

  @Property
  void damagedBundlesAreRejectedOrDecodeToBundlesThatRoundTrip(
      @ForAll("damagedBundles") byte[] wire) {
    decodeFromByteBufOrReject(wire);
    Bundle b = decodeOrReject(wire, 0, wire.length);
    if (b != null) {
      // Damage in blocks without CRC can leave a valid bundle; it must then behave like one.
      assertThat(codec.decode(codec.encode(b))).isEqualTo(b);
    }
  }

  // ------------------------------------------------------------------ truncation

  @Property(tries = 100)
  void everyTruncationOfAValidBundleIsRejected(@ForAll("smallBundles") Bundle b) {
    byte[] wire = codec.encode(b);
    for (int length = 0; length < wire.length; length++) {
      assertRejected(wire, length, "a truncation to " + length + " of " + wire.length + " bytes");
    }
  }

  @Property(tries = 20)
  void everyTruncationOfALargeBundleIsRejected(@ForAll("bundles") Bundle b) {
    byte[] wire = codec.encode(b);
    for (int length = 0; length < wire.length; length++) {
      assertRejected(wire, length, "a truncation to " + length + " of " + wire.length + " bytes");
    }
  }

  // ------------------------------------------------------------------ hostile lengths

  /** Decodes {@code wire}, expecting a rejection, and returns the bytes the thread allocated. */
  private long allocatedWhileRejecting(byte[] wire) {
    assertThat(
            THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled())
        .as("the JVM measures per-thread allocation")
        .isTrue();
    long before = THREADS.getCurrentThreadAllocatedBytes();
    assertRejected(wire, wire.length, "a hostile length");
    return THREADS.getCurrentThreadAllocatedBytes() - before;
  }

  @Property(tries = 300)
  void aPayloadClaimingMoreBytesThanArePresentFailsWithoutAllocatingThem(
      @ForAll("smallBundles") Bundle b, @ForAll long claimed) {
    // The payload block re-written by hand with a byte string header of 9 bytes claiming a length
    // beyond the bytes that follow (up to 2^64 - 1).
    CanonicalBlock payload = b.payloadBlock();
    byte[] wire = codec.encode(b);
    int available = wire.length; // more than what follows the header, whatever the layout
    long length = Long.compareUnsigned(claimed, available) <= 0 ? claimed + available + 1 : claimed;
    List<CanonicalBlock> others = b.blocks().subList(0, b.blocks().size() - 1);
    byte[][] blocks = new byte[others.size() + 2][];
    blocks[0] = Arrays.copyOfRange(wire, 1, 1 + primaryLength(b));
    for (int i = 0; i < others.size(); i++) {
      blocks[i + 1] =
          ReferenceEncoder.block(
                  others.get(i).type(), others.get(i).number(), others.get(i).dataBytes())
              .flags(others.get(i).flags().bits())
              .crc(others.get(i).crcType().code())
              .encode();
    }
    blocks[blocks.length - 1] =
        ReferenceEncoder.cat(
            ReferenceEncoder.bytes(0x85, 0x01, 0x01, 0x00, 0x00),
            ReferenceEncoder.head(2, length, 8),
            payload.dataBytes());
    byte[] hostile = ReferenceEncoder.bundle(blocks).bytes();
    BundleFormatException e = rejectionOf(hostile);
    assertThat(e.block()).isEqualTo("block 1 (type 1, payload)");
    assertThat(e.field()).isEqualTo("block-type-specific data");
    assertThat(e.getMessage()).containsAnyOf("truncated", "exceeds the limit");
  }

  private static int primaryLength(Bundle b) {
    return ReferenceEncoder.encode(b).ends()[0] - 1;
  }

  private BundleFormatException rejectionOf(byte[] wire) {
    try {
      codec.decode(wire);
    } catch (BundleFormatException e) {
      assertThat(e.getCause()).isNull();
      return e;
    }
    throw new AssertionError("accepted");
  }

  @Example
  void lengthsOf2To63AndMoreFailFastWithoutAllocating() {
    byte[] primary = ReferenceEncoder.primary().encode();
    byte[][] hostile = {
      // payload byte string claiming 2^63 bytes
      ReferenceEncoder.bundle(
              primary,
              ReferenceEncoder.cat(
                  ReferenceEncoder.bytes(0x85, 0x01, 0x01, 0x00, 0x00, 0x5b),
                  ReferenceEncoder.bytes(0x80, 0, 0, 0, 0, 0, 0, 0),
                  new byte[64]))
          .bytes(),
      // payload byte string claiming 2^31 - 1 bytes (within the default limit)
      ReferenceEncoder.bundle(
              primary,
              ReferenceEncoder.cat(
                  ReferenceEncoder.bytes(
                      0x85, 0x01, 0x01, 0x00, 0x00, 0x5a, 0x7f, 0xff, 0xff, 0xff),
                  new byte[64]))
          .bytes(),
      // a definite-length bundle array of 2^64 - 1 blocks
      ReferenceEncoder.cat(
          ReferenceEncoder.bytes(0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), primary),
      // a definite-length bundle array of 2^20 blocks (the limit) with two present
      ReferenceEncoder.cat(
          ReferenceEncoder.bytes(0x9a, 0x00, 0x10, 0x00, 0x00),
          primary,
          ReferenceEncoder.payload("x").encode()),
      // a destination EID whose dtn SSP text claims 2^63 bytes
      ReferenceEncoder.bundle(
              ReferenceEncoder.primary()
                  .destination(
                      ReferenceEncoder.cat(
                          ReferenceEncoder.bytes(0x82, 0x01, 0x7b, 0x80, 0, 0, 0, 0, 0, 0, 0),
                          new byte[8]))
                  .encode(),
              ReferenceEncoder.payload("x").encode())
          .bytes(),
      // a hop count whose data claim an array of 2^32 - 1 elements
      ReferenceEncoder.bundle(
              primary,
              ReferenceEncoder.block(10, 2, ReferenceEncoder.bytes(0x9a, 0xff, 0xff, 0xff, 0xff, 1))
                  .encode(),
              ReferenceEncoder.payload("x").encode())
          .bytes(),
      // a BIB whose targets claim an array of 2^20 elements, under a CRC-less primary block
      ReferenceEncoder.bundle(
              ReferenceEncoder.primary().crc(0).encode(),
              ReferenceEncoder.block(11, 2, ReferenceEncoder.bytes(0x9a, 0x00, 0x10, 0x00, 0x00, 1))
                  .encode(),
              ReferenceEncoder.payload("x").encode())
          .bytes(),
    };
    for (byte[] wire : hostile) {
      // Warm up once, then measure: rejecting must not allocate anything like the claimed sizes.
      allocatedWhileRejecting(wire);
      assertThat(allocatedWhileRejecting(wire))
          .as("bytes allocated while rejecting %s", Arrays.toString(wire))
          .isLessThan(64 * 1024);
    }
  }
}
