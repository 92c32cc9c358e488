package org.starlane.bp.bundle;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.starlane.bp.cbor.CborLimits;

/**
 * The first step of {@link BundleCodec#decode(InputStream, Path, int, long)}: reads one bundle's
 * CBOR items from a stream (RFC 9171 §4.1, RFC 8949 §3), copying every byte into a bounded heap
 * buffer except the data of the first payload block (type 1) longer than the threshold, which goes
 * to a file while its block's CRC (RFC 9171 §4.2.2) is computed and then checked. In the heap copy
 * that data becomes an empty byte string, and the in-memory decoder then validates the whole bundle
 * as usual ({@link BundleCodec#decodeStreamed}).
 *
 * <p>This step checks only what bounds resources (item lengths, array lengths, nesting depth, the
 * heap buffer's size, the payload limit) and the streamed block's CRC; the rules of RFC 9171 are
 * the in-memory decoder's. Lengths read from the stream never size a buffer: strings are copied in
 * chunks after a check against the remaining room, so a stream that lies about a length fails at
 * its end.
 *
 * <p>Confined to one decode call.
 */
final class BundleStreamReader {
  /** The most heap bytes for the blocks other than a streamed payload: 1 MiB. */
  static final int MAX_HEAD_BYTES = 1 << 20;

  /** The largest file threshold: the heap buffer must stay a Java array. */
  static final int MAX_THRESHOLD_BYTES = Integer.MAX_VALUE - 16 - MAX_HEAD_BYTES;

  private static final int BREAK = 0xff;
  private static final int INDEFINITE = 31;

  private final InputStream in;
  private final CborLimits limits;
  private final Path directory;
  private final int threshold;
  private final long maxPayloadBytes;
  private final ByteBuf mem;

  /** Bytes consumed from the stream. */
  private long streamOffset;

  /** Where the last head started in the stream. */
  private long headOffset;

  /** The initial byte of the last head read. */
  private int initial;

  private Path file;
  private PayloadFile external;

  BundleStreamReader(
      InputStream in,
      CborLimits limits,
      Path directory,
      int fileThresholdBytes,
      long maxPayloadBytes) {
    this.in = Objects.requireNonNull(in, "in");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.directory = Objects.requireNonNull(directory, "directory");
    if (fileThresholdBytes < 0 || fileThresholdBytes > MAX_THRESHOLD_BYTES) {
      throw new IllegalArgumentException(
          "file threshold " + fileThresholdBytes + " outside 0.." + MAX_THRESHOLD_BYTES);
    }
    if (maxPayloadBytes < 0) {
      throw new IllegalArgumentException("maximum payload " + maxPayloadBytes + " bytes < 0");
    }
    this.threshold = fileThresholdBytes;
    this.maxPayloadBytes = maxPayloadBytes;
    this.mem = Unpooled.buffer(256, fileThresholdBytes + MAX_HEAD_BYTES + 16);
  }

  Bundle read(BundleCodec codec) throws IOException {
    boolean ok = false;
    try {
      readBundle();
      byte[] bytes = new byte[mem.writerIndex()];
      mem.getBytes(0, bytes);
      Bundle bundle =
          external == null ? codec.decode(bytes) : codec.decodeStreamed(bytes, external);
      ok = true;
      return bundle;
    } finally {
      if (!ok && file != null) {
        Files.deleteIfExists(file);
      }
    }
  }

  private void readBundle() throws IOException {
    long count = readHead();
    int first = initial;
    if (first >>> 5 != 4) {
      copyRest(first, count, 0); // not an array: the decoder says what is wrong
      return;
    }
    boolean indefinite = (first & 0x1f) == INDEFINITE;
    checkArrayLength(indefinite, count);
    for (long i = 0; indefinite || i < count; i++) {
      long argument = readHead();
      if (indefinite && initial == BREAK) {
        return;
      }
      if (i == 0 || external != null || initial >>> 5 != 4) {
        copyRest(initial, argument, 1);
      } else {
        readBlock(initial, argument);
      }
    }
  }

  /** A canonical block whose array head was read; streams its data if it is a large payload. */
  private void readBlock(int blockInitial, long elements) throws IOException {
    int blockStart = mem.writerIndex() - headSize(blockInitial);
    boolean indefinite = (blockInitial & 0x1f) == INDEFINITE;
    checkArrayLength(indefinite, elements);
    long[] fields = new long[4];
    boolean plain = true;
    long read = 0;
    while (read < 5 && (indefinite || read < elements)) {
      long argument = readHead();
      if (indefinite && initial == BREAK) {
        return;
      }
      read++;
      if (read == 5) {
        if (plain
            && fields[0] == BlockType.PAYLOAD
            && initial >>> 5 == 2
            && (initial & 0x1f) != INDEFINITE
            && Long.compareUnsigned(argument, threshold) > 0) {
          streamPayload(blockStart, argument, CrcType.fromCode(fields[3]), indefinite, elements);
          return;
        }
        copyRest(initial, argument, 2);
      } else if (initial >>> 5 == 0 && (initial & 0x1f) != INDEFINITE) {
        fields[(int) read - 1] = argument;
      } else {
        plain = false;
        copyRest(initial, argument, 2);
      }
    }
    copyRemainingItems(indefinite, elements - read);
  }

  private void copyRemainingItems(boolean indefinite, long remaining) throws IOException {
    for (long i = 0; indefinite || i < remaining; i++) {
      long argument = readHead();
      if (indefinite && initial == BREAK) {
        return;
      }
      copyRest(initial, argument, 2);
    }
  }

  private void streamPayload(
      int blockStart, long length, CrcType crcType, boolean indefinite, long elements)
      throws IOException {
    long dataOffset = headOffset;
    if (Long.compareUnsigned(length, maxPayloadBytes) > 0) {
      throw malformed(
          dataOffset,
          "payload length "
              + Long.toUnsignedString(length)
              + " exceeds the limit of "
              + maxPayloadBytes
              + " bytes");
    }
    Crc.Running crc = crcType == null || crcType == CrcType.NONE ? null : Crc.running(crcType);
    if (crc != null) {
      crc.update(mem.array(), mem.arrayOffset() + blockStart, mem.writerIndex() - blockStart);
    }
    // in the heap copy, the data is an empty byte string
    mem.writerIndex(mem.writerIndex() - headSize(initial));
    mem.writeByte(0x40);
    file = Files.createTempFile(directory, "payload-", ".bin");
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(PayloadFile.CHUNK_BYTES, length));
      for (long done = 0; done < length; ) {
        int n = (int) Math.min(chunk.capacity(), length - done);
        int got = in.readNBytes(chunk.array(), 0, n);
        if (got < n) {
          throw truncated(streamOffset + got, "the payload data of " + length + " bytes");
        }
        streamOffset += n;
        if (crc != null) {
          crc.update(chunk.array(), 0, n);
        }
        PayloadFile.writeSparse(out, chunk, n, done);
        done += n;
      }
      PayloadFile.extendTo(out, length);
    }
    external = new PayloadFile(file, 0, length);

    // The rest of the block: the CRC value (zeros for the CRC) and, if indefinite, the break.
    int restStart = mem.writerIndex();
    int valueIndex = -1;
    long crcOffset = streamOffset;
    if (indefinite || elements > 5) {
      long argument = readHead();
      if (!(indefinite && initial == BREAK)) {
        if (crc != null
            && initial >>> 5 == 2
            && (initial & 0x1f) != INDEFINITE
            && argument == crcType.valueLength()) {
          valueIndex = mem.writerIndex();
        }
        copyRest(initial, argument, 2);
        copyRemainingItems(indefinite, elements - 6);
      }
    }
    if (crc == null || valueIndex < 0) {
      return; // no CRC, or malformed: the in-memory decoder rejects the block
    }
    int end = mem.writerIndex();
    int valueLength = crcType.valueLength();
    crc.update(mem.array(), mem.arrayOffset() + restStart, valueIndex - restStart);
    crc.updateZeros(valueLength);
    crc.update(
        mem.array(), mem.arrayOffset() + valueIndex + valueLength, end - valueIndex - valueLength);
    long found =
        valueLength == 4 ? mem.getUnsignedInt(valueIndex) : mem.getUnsignedShort(valueIndex);
    if (found != crc.value()) {
      throw new BundleFormatException(
          CanonicalBlock.describe(BlockType.PAYLOAD, 1),
          BundleCodec.F_CRC,
          crcOffset,
          crcType
              + " mismatch: the block carries 0x"
              + Long.toHexString(found)
              + ", its bytes give 0x"
              + Long.toHexString(crc.value()),
          StatusReportReason.BLOCK_UNINTELLIGIBLE);
    }
  }

  /** Copies the rest of an item whose head (initial byte and argument) was read. */
  private void copyRest(int head, long argument, int depth) throws IOException {
    if (depth > limits.maxNestingDepth()) {
      throw malformed(headOffset, "nesting deeper than " + limits.maxNestingDepth());
    }
    int major = head >>> 5;
    boolean indefinite = (head & 0x1f) == INDEFINITE;
    switch (major) {
      case 2, 3 -> {
        if (indefinite) {
          throw malformed(headOffset, "indefinite-length strings are not allowed in a bundle");
        }
        long max = major == 2 ? limits.maxByteStringBytes() : limits.maxTextStringBytes();
        if (Long.compareUnsigned(argument, max) > 0) {
          throw malformed(
              headOffset,
              (major == 2 ? "byte" : "text")
                  + " string length "
                  + Long.toUnsignedString(argument)
                  + " exceeds the limit of "
                  + max);
        }
        copyBytes(argument);
      }
      case 4, 5 -> {
        checkArrayLength(indefinite, argument);
        long items = major == 5 && !indefinite ? 2 * argument : argument;
        for (long i = 0; indefinite || i < items; i++) {
          long a = readHead();
          if (indefinite && initial == BREAK) {
            return;
          }
          copyRest(initial, a, depth + 1);
        }
      }
      case 6 -> {
        long a = readHead();
        copyRest(initial, a, depth + 1);
      }
      case 7 -> {
        if (head == BREAK) {
          throw malformed(headOffset, "unexpected break stop code");
        }
      }
      default -> {
        // integers: the head was the whole item
      }
    }
  }

  private void checkArrayLength(boolean indefinite, long count) {
    if (!indefinite && Long.compareUnsigned(count, limits.maxArrayLength()) > 0) {
      throw malformed(
          headOffset,
          "array or map of "
              + Long.toUnsignedString(count)
              + " items exceeds the limit of "
              + limits.maxArrayLength());
    }
  }

  /** Reads an item's head into the heap copy; returns its argument (0 for indefinite, break). */
  private long readHead() throws IOException {
    headOffset = streamOffset;
    initial = readByte();
    int info = initial & 0x1f;
    if (info < 24) {
      return info;
    }
    int n;
    switch (info) {
      case 24 -> n = 1;
      case 25 -> n = 2;
      case 26 -> n = 4;
      case 27 -> n = 8;
      case INDEFINITE -> {
        return 0;
      }
      default -> throw malformed(headOffset, "reserved additional information " + info);
    }
    long value = 0;
    for (int i = 0; i < n; i++) {
      value = value << 8 | readByte();
    }
    return value;
  }

  private static int headSize(int initial) {
    return switch (initial & 0x1f) {
      case 24 -> 2;
      case 25 -> 3;
      case 26 -> 5;
      case 27 -> 9;
      default -> 1;
    };
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw truncated(streamOffset, "the next CBOR item");
    }
    room(1);
    streamOffset++;
    mem.writeByte(b);
    return b;
  }

  private void copyBytes(long length) throws IOException {
    room(length);
    long done = 0;
    while (done < length) {
      int got = mem.writeBytes(in, (int) Math.min(PayloadFile.CHUNK_BYTES, length - done));
      if (got < 0) {
        throw truncated(streamOffset, "a string of " + length + " bytes");
      }
      done += got;
      streamOffset += got;
    }
  }

  private void room(long bytes) {
    if (bytes > mem.maxCapacity() - mem.writerIndex()) {
      throw malformed(
          headOffset,
          "the blocks kept in memory would exceed "
              + mem.maxCapacity()
              + " bytes (file threshold "
              + threshold
              + " + "
              + MAX_HEAD_BYTES
              + ")");
    }
  }

  private BundleFormatException truncated(long offset, String what) {
    return malformed(offset, "truncated: the stream ended at byte " + offset + " in " + what);
  }

  private static BundleFormatException malformed(long offset, String problem) {
    return new BundleFormatException(
        BundleCodec.BUNDLE,
        BundleCodec.F_BUNDLE_ARRAY,
        offset,
        problem,
        StatusReportReason.BLOCK_UNINTELLIGIBLE);
  }
}
