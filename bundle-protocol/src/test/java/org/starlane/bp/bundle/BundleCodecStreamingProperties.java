package org.starlane.bp.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The streaming codec (docs/bundle-protocol.md, "Large payloads") against the in-memory one, over
 * generated bundles: the same bytes out, the same verdict on mutated and truncated input, and no
 * file left behind by a rejected stream.
 */
class BundleCodecStreamingProperties {
  private static final BundleCodec CODEC = BundleCodec.DEFAULT;

  /** Payload data longer than this go to a file in these properties. */
  private static final int THRESHOLD = 16;

  private static final Path DIR = createDirectory();

  private static Path createDirectory() {
    try {
      return Files.createTempDirectory("streaming-properties");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterContainer
  static void deleteDirectory() throws IOException {
    try (Stream<Path> files = Files.walk(DIR)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Provide
  Arbitrary<Bundle> bundles() {
    return BundleArbitraries.bundles();
  }

  private static byte[] streamEncode(Bundle b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CODEC.encode(b, out);
    return out.toByteArray();
  }

  private static Bundle streamDecode(byte[] bytes, int threshold) throws IOException {
    return CODEC.decode(new ByteArrayInputStream(bytes), DIR, threshold, Long.MAX_VALUE);
  }

  private static List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(DIR)) {
      return s.toList();
    }
  }

  private static void delete(Bundle b) throws IOException {
    if (b.payloadBlock().isFileBacked()) {
      Files.delete(b.payloadBlock().dataFile().path());
    }
  }

  /** The same bundle with its payload in a new file. */
  private static Bundle withPayloadInFile(Bundle b) throws IOException {
    Path file = Files.createTempFile(DIR, "payload-", ".bin");
    Files.write(file, b.payloadBlock().dataBytes());
    return b.withBlock(b.payloadBlock().withData(PayloadFile.of(file)));
  }

  @Property
  void streamingEncodingOfABundleInMemoryIsItsEncoding(@ForAll("bundles") Bundle b)
      throws IOException {
    assertThat(streamEncode(b)).isEqualTo(CODEC.encode(b));
  }

  @Property
  void theEncodedSizeOfABundleInMemoryIsTheLengthOfItsEncoding(@ForAll("bundles") Bundle b) {
    Bundle rebuilt = Bundle.of(b.primary(), b.blocks()); // no original encoding to add up
    Bundle decoded = CODEC.decode(CODEC.encode(b)); // every block keeps its original encoding

    assertThat(BundleCodec.encodedSizeBytes(rebuilt)).isEqualTo(CODEC.encode(rebuilt).length);
    assertThat(BundleCodec.encodedSizeBytes(decoded)).isEqualTo(CODEC.encode(decoded).length);
  }

  @Property
  void aFileBackedPayloadStreamsTheSameBytesAsTheSamePayloadInMemory(@ForAll("bundles") Bundle b)
      throws IOException {
    Bundle inFile = withPayloadInFile(b);
    try {
      assertThat(streamEncode(inFile)).isEqualTo(CODEC.encode(b));
      assertThat(BundleCodec.encodedSizeBytes(inFile)).isEqualTo(CODEC.encode(b).length);
      assertThat(inFile.id()).isEqualTo(b.id());
    } finally {
      delete(inFile);
    }
  }

  @Property
  void aStreamedDecodeGivesTheInMemoryBundleWithThePayloadInAFile(@ForAll("bundles") Bundle b)
      throws IOException {
    byte[] bytes = CODEC.encode(b);
    Bundle decoded = streamDecode(bytes, THRESHOLD);
    try {
      CanonicalBlock payload = decoded.payloadBlock();
      assertThat(payload.isFileBacked()).isEqualTo(b.payloadBlock().dataLength() > THRESHOLD);
      if (payload.isFileBacked()) {
        assertThat(Files.readAllBytes(payload.dataFile().path()))
            .isEqualTo(b.payloadBlock().dataBytes());
        assertThat(decoded.withBlock(payload.withData(b.payloadBlock().data()))).isEqualTo(b);
      } else {
        assertThat(decoded).isEqualTo(b);
      }
      assertThat(decoded.id()).isEqualTo(b.id());
      assertThat(streamEncode(decoded)).isEqualTo(bytes);
    } finally {
      delete(decoded);
    }
    assertThat(files()).isEmpty();
  }

  @Property
  void aStreamedDecodeBelowTheThresholdIsTheInMemoryDecode(@ForAll("bundles") Bundle b)
      throws IOException {
    byte[] bytes = CODEC.encode(b);
    Bundle decoded = streamDecode(bytes, 1 << 20);
    assertThat(decoded).isEqualTo(CODEC.decode(bytes));
    assertThat(CODEC.encode(decoded)).isEqualTo(bytes);
  }

  @Property
  void aMutatedStreamGetsTheInMemoryDecodersVerdict(
      @ForAll("bundles") Bundle b,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where,
      @ForAll @IntRange(min = 1, max = 255) int xor)
      throws IOException {
    byte[] bytes = CODEC.encode(b);
    bytes[where % bytes.length] ^= (byte) xor;
    boolean inMemoryAccepts;
    try {
      CODEC.decode(bytes);
      inMemoryAccepts = true;
    } catch (BundleFormatException e) {
      inMemoryAccepts = false;
    }
    Bundle decoded = null;
    ByteArrayInputStream in = new ByteArrayInputStream(bytes);
    try {
      decoded = CODEC.decode(in, DIR, THRESHOLD, Long.MAX_VALUE);
    } catch (BundleFormatException e) {
      // rejected
    }
    try {
      // a stream may hold more than one bundle: the stream decoder stops at the end of the first
      boolean wholeStream = decoded != null && in.available() == 0;
      assertThat(wholeStream).as("stream decoder accepts it all").isEqualTo(inMemoryAccepts);
      if (wholeStream) {
        assertThat(streamEncode(decoded)).isEqualTo(CODEC.encode(CODEC.decode(bytes)));
      }
    } finally {
      if (decoded != null) {
        delete(decoded);
      }
    }
    assertThat(files()).isEmpty();
  }

  @Property
  void everyTruncatedStreamIsRejectedAndLeavesNoFile(
      @ForAll("bundles") Bundle b, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int cut)
      throws IOException {
    byte[] bytes = CODEC.encode(b);
    int length = cut % bytes.length;
    InputStream in = new ByteArrayInputStream(bytes, 0, length);
    assertThatThrownBy(() -> CODEC.decode(in, DIR, THRESHOLD, Long.MAX_VALUE))
        .isInstanceOf(BundleFormatException.class);
    assertThat(files()).isEmpty();
  }
}
