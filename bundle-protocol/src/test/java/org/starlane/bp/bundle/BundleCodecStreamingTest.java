package org.starlane.bp.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.starlane.bp.eid.EndpointId.ipn;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.starlane.bp.cbor.CborWriter;

/**
 * File-backed payload blocks and the streaming codec (docs/bundle-protocol.md, "Large payloads").
 */
class BundleCodecStreamingTest {
  private static final BundleCodec CODEC = BundleCodec.DEFAULT;

  @TempDir Path dir;

  private static byte[] payload(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 31 + 7);
    }
    return bytes;
  }

  private static PrimaryBlock primary() {
    return PrimaryBlock.of(ipn(2, 1), ipn(1, 1), new CreationTimestamp(1_000_000, 3), 3_600_000);
  }

  private PayloadFile file(byte[] bytes) throws IOException {
    Path f = Files.createTempFile(dir, "p-", ".bin");
    Files.write(f, bytes);
    return PayloadFile.of(f);
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  private static byte[] streamEncode(Bundle b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CODEC.encode(b, out);
    return out.toByteArray();
  }

  @Test
  void aFileBackedPayloadRefusesHeapAccessorsAndNamesTheAlternative() throws IOException {
    CanonicalBlock block = CanonicalBlock.payload(file(payload(100)));
    Bundle b = Bundle.of(primary(), block);

    assertThat(block.isFileBacked()).isTrue();
    assertThat(block.dataSizeBytes()).isEqualTo(100);
    assertThat(block.dataLength()).isEqualTo(100);
    assertThatThrownBy(block::data)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dataFile()");
    assertThatThrownBy(block::dataBytes).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(b::payload).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> CODEC.encode(b)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFileBackedPayloadOver2GibibytesHasALongSizeOnly() {
    long size = 5L << 30;
    CanonicalBlock block =
        CanonicalBlock.payload(new PayloadFile(dir.resolve("absent.bin"), 0, size));
    assertThat(block.dataSizeBytes()).isEqualTo(size);
    assertThatThrownBy(block::dataLength)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dataSizeBytes()");
    Bundle b = Bundle.of(primary(), block);
    assertThat(BundleCodec.encodedSizeBytes(b))
        .isEqualTo(
            CODEC.encode(Bundle.of(primary(), CanonicalBlock.payload(ByteBuffer.allocate(0))))
                    .length
                - 1
                + 9
                + size);
  }

  @Test
  void onlyThePayloadBlockMayBeFileBackedAndRegionsAreValidated() throws IOException {
    PayloadFile f = file(payload(10));
    assertThatThrownBy(
            () ->
                new CanonicalBlock(
                    BlockType.BUNDLE_AGE,
                    2,
                    BlockProcessingFlags.NONE,
                    CrcType.CRC32C,
                    ByteBuffer.allocate(0),
                    f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only the payload block");
    assertThatThrownBy(() -> new PayloadFile(f.path(), -1, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PayloadFile(f.path(), Long.MAX_VALUE, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> f.slice(5, 6)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(f.slice(2, 3)).isEqualTo(new PayloadFile(f.path(), 2, 3));
  }

  @Test
  void aRegionIsReadInOrderInChunksOfAtMostTheChunkSizeAndAShortFileFails() throws IOException {
    byte[] data = payload(2 * PayloadFile.CHUNK_BYTES + 10);
    PayloadFile region = file(data).slice(3, data.length - 5);
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    List<Integer> lengths = new ArrayList<>();
    region.read(
        (buffer, length) -> {
          lengths.add(length);
          got.write(buffer.array(), 0, length);
        });
    assertThat(lengths).allMatch(n -> n > 0 && n <= PayloadFile.CHUNK_BYTES).hasSize(3);
    assertThat(got.toByteArray()).isEqualTo(java.util.Arrays.copyOfRange(data, 3, data.length - 2));

    PayloadFile tooLong = new PayloadFile(region.path(), 0, data.length + 1);
    assertThatThrownBy(() -> tooLong.read((buffer, length) -> {}))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("before the end of its region");
  }

  @Test
  void aCrcTypeChangeKeepsAFileBackedPayloadInItsFile() throws IOException {
    PayloadFile f = file(payload(10));
    CanonicalBlock block = CanonicalBlock.payload(f).withCrcType(CrcType.NONE);
    assertThat(block.crcType()).isEqualTo(CrcType.NONE);
    assertThat(block.dataFile()).isEqualTo(f);
  }

  @Test
  void streamsAFileBackedBundleThroughAChannelAndBackIntoAFile() throws IOException {
    byte[] data = payload(300_000);
    Bundle inMemory = Bundle.of(primary(), CanonicalBlock.payload(ByteBuffer.wrap(data)));
    Bundle inFile = Bundle.of(primary(), CanonicalBlock.payload(file(data)));
    Path wire = dir.resolve("wire.bundle");
    try (var ch =
        Files.newByteChannel(
            wire,
            java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE)) {
      CODEC.encode(inFile, ch);
    }
    assertThat(Files.readAllBytes(wire)).isEqualTo(CODEC.encode(inMemory));

    Path received = Files.createDirectory(dir.resolve("received"));
    Bundle decoded;
    try (var ch = Files.newByteChannel(wire)) {
      decoded = CODEC.decode(ch, received, 64 * 1024, 1 << 20);
    }
    assertThat(decoded.payloadBlock().isFileBacked()).isTrue();
    assertThat(decoded.payloadBlock().dataFile().path().getParent())
        .isEqualTo(received.toAbsolutePath().normalize());
    assertThat(Files.readAllBytes(decoded.payloadBlock().dataFile().path())).isEqualTo(data);
    assertThat(decoded.id()).isEqualTo(inMemory.id());
  }

  @Test
  void theStreamDecoderReadsExactlyOneBundleFromAStream() throws IOException {
    Bundle b = Bundle.of(primary(), CanonicalBlock.payload(ByteBuffer.wrap(payload(1000))));
    byte[] one = CODEC.encode(b);
    ByteArrayOutputStream two = new ByteArrayOutputStream();
    two.write(one);
    two.write(one);
    InputStream in = new ByteArrayInputStream(two.toByteArray());
    Bundle first = CODEC.decode(in, dir, 100, 1 << 20);
    Bundle second = CODEC.decode(in, dir, 100, 1 << 20);
    assertThat(in.read()).isEqualTo(-1);
    assertThat(streamEncode(first)).isEqualTo(one);
    assertThat(streamEncode(second)).isEqualTo(one);
  }

  @Test
  void rejectsADamagedStreamedPayloadByItsCrcAndDeletesTheFile() throws IOException {
    for (CrcType crc : List.of(CrcType.CRC32C, CrcType.CRC16_X25)) {
      Bundle b =
          Bundle.of(
              primary(),
              new CanonicalBlock(
                  BlockType.PAYLOAD,
                  1,
                  BlockProcessingFlags.NONE,
                  crc,
                  ByteBuffer.wrap(payload(5000))));
      byte[] bytes = CODEC.encode(b);
      bytes[bytes.length - 100] ^= 0x10;
      assertThatThrownBy(() -> CODEC.decode(new ByteArrayInputStream(bytes), dir, 100, 1 << 20))
          .isInstanceOf(BundleFormatException.class)
          .hasMessageContaining(crc + " mismatch");
      assertThat(files()).isEmpty();
    }
  }

  /**
   * A bundle whose payload block declares {@code length} bytes of data, followed by {@code tail}.
   */
  private static byte[] declaring(long length, int tail) {
    ByteBuf out = Unpooled.buffer();
    CborWriter.writeIndefiniteArrayStart(out);
    BundleCodec.writePrimary(primary(), out);
    CborWriter.writeArrayHeader(out, 5);
    CborWriter.writeUnsigned(out, BlockType.PAYLOAD);
    CborWriter.writeUnsigned(out, 1);
    CborWriter.writeUnsigned(out, 0);
    CborWriter.writeUnsigned(out, 0);
    CborWriter.writeHeader(out, 2, length);
    out.writeZero(tail);
    byte[] bytes = new byte[out.readableBytes()];
    out.readBytes(bytes);
    return bytes;
  }

  @Test
  void aHostilePayloadLengthFailsAtTheLimitOrAtTheEndOfTheStreamWithoutAllocating()
      throws IOException {
    byte[] huge = declaring(Long.MAX_VALUE, 1000); // 2^63 - 1 declared, 1000 bytes sent
    assertThatThrownBy(() -> CODEC.decode(new ByteArrayInputStream(huge), dir, 100, 1L << 30))
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("exceeds the limit of " + (1L << 30));
    assertThatThrownBy(() -> CODEC.decode(new ByteArrayInputStream(huge), dir, 100, Long.MAX_VALUE))
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("truncated");
    byte[] unsigned = declaring(-1L, 10); // 2^64 - 1
    assertThatThrownBy(
            () -> CODEC.decode(new ByteArrayInputStream(unsigned), dir, 100, Long.MAX_VALUE))
        .isInstanceOf(BundleFormatException.class);
    // below the threshold the length is checked against the room in memory, not allocated
    byte[] medium = declaring(1L << 40, 10);
    assertThatThrownBy(
            () ->
                CODEC.decode(
                    new ByteArrayInputStream(medium),
                    dir,
                    Integer.MAX_VALUE - 16 - (1 << 20),
                    Long.MAX_VALUE))
        .isInstanceOf(BundleFormatException.class);
    assertThat(files()).isEmpty();
  }

  @Test
  void fragmentsAFileBackedBundleIntoRegionsOfTheSameFileLikeTheBundleInMemory()
      throws IOException {
    byte[] data = payload(10_000);
    Bundle inMemory = Bundle.of(primary(), CanonicalBlock.payload(ByteBuffer.wrap(data)));
    PayloadFile f = file(data);
    Bundle inFile = Bundle.of(primary(), CanonicalBlock.payload(f));

    List<Bundle> expected = ((Fragmentation.Fragments) Fragmentation.of(inMemory, 3000)).bundles();
    List<Bundle> fragments = ((Fragmentation.Fragments) Fragmentation.of(inFile, 3000)).bundles();

    assertThat(fragments).hasSameSizeAs(expected).hasSizeGreaterThan(3);
    for (int i = 0; i < fragments.size(); i++) {
      PayloadFile region = fragments.get(i).payloadBlock().dataFile();
      assertThat(region.path()).isEqualTo(f.path());
      assertThat(region.offset()).isEqualTo(expected.get(i).primary().fragmentOffset());
      assertThat(streamEncode(fragments.get(i))).isEqualTo(CODEC.encode(expected.get(i)));
      assertThat(fragments.get(i).id()).isEqualTo(expected.get(i).id());
    }
    assertThat(
            Fragmentation.of(
                inFile.withPrimary(
                    inFile
                        .primary()
                        .withFlags(
                            inFile
                                .primary()
                                .flags()
                                .with(BundleProcessingFlags.MUST_NOT_FRAGMENT))),
                3000))
        .isInstanceOf(Fragmentation.MustNotFragment.class);
  }

  @Test
  void reassemblesALargeAduIntoAFileAndASmallOneInMemory() throws IOException {
    byte[] data = payload(200_000);
    Bundle inFile = Bundle.of(primary(), CanonicalBlock.payload(file(data)));
    List<Bundle> fragments =
        new ArrayList<>(((Fragmentation.Fragments) Fragmentation.of(inFile, 30_000)).bundles());
    java.util.Collections.reverse(fragments);
    Path out = Files.createDirectory(dir.resolve("adus"));
    Reassembly reassembly = new Reassembly(4, 10_000, out, 1 << 20);
    Reassembly.Outcome outcome = null;
    for (Bundle f : fragments) {
      outcome = reassembly.add(f);
    }
    assertThat(reassembly.pendingBytes()).isZero();
    Bundle whole = ((Reassembly.Complete) outcome).bundle();
    assertThat(whole.payloadBlock().isFileBacked()).isTrue();
    assertThat(whole.payloadBlock().dataFile().path().getParent())
        .isEqualTo(out.toAbsolutePath().normalize());
    assertThat(Files.readAllBytes(whole.payloadBlock().dataFile().path())).isEqualTo(data);
    assertThat(whole.id()).isEqualTo(inFile.id());
    assertThat(streamEncode(whole))
        .isEqualTo(
            CODEC.encode(Bundle.of(primary(), CanonicalBlock.payload(ByteBuffer.wrap(data)))));

    Bundle small = Bundle.of(primary(), CanonicalBlock.payload(file(payload(5000))));
    Reassembly.Outcome last = null;
    for (Bundle f : ((Fragmentation.Fragments) Fragmentation.of(small, 2000)).bundles()) {
      last = reassembly.add(f);
    }
    Bundle smallWhole = ((Reassembly.Complete) last).bundle();
    assertThat(smallWhole.payloadBlock().isFileBacked()).isFalse();
    assertThat(smallWhole.payloadBlock().dataBytes()).isEqualTo(payload(5000));
  }

  @Test
  void refusesAnAduOverTheFileLimit() throws IOException {
    Bundle inFile = Bundle.of(primary(), CanonicalBlock.payload(file(payload(100_000))));
    Bundle first = ((Fragmentation.Fragments) Fragmentation.of(inFile, 30_000)).bundles().get(0);
    Reassembly reassembly = new Reassembly(4, 1000, dir, 99_999);
    assertThat(reassembly.add(first)).isInstanceOf(Reassembly.Refused.class);
  }

  /** Reads 4 GiB (of holes): with the large-payloads profile only (docs/development.md). */
  @Test
  @EnabledIfSystemProperty(named = "starlane.largePayloads", matches = "true")
  void aSparseFileOver4GibibytesStreamsExactlyItsEncodedSize() throws IOException {
    long size = (1L << 32) + 12345;
    Path f = dir.resolve("sparse.bin");
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(size);
      raf.seek(size - 3);
      raf.write(new byte[] {1, 2, 3});
    }
    Bundle b = Bundle.of(primary(), CanonicalBlock.payload(PayloadFile.of(f)));
    // count the bytes without keeping them
    CountingCrcCheck check = new CountingCrcCheck();
    CODEC.encode(b, Channels.newChannel(check));
    assertThat(check.count).isEqualTo(BundleCodec.encodedSizeBytes(b));
  }

  /** Counts what it is given. */
  private static final class CountingCrcCheck extends java.io.OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
