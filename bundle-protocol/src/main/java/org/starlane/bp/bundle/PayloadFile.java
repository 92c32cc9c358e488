package org.starlane.bp.bundle;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;

/**
 * A payload kept in a file rather than in the heap: the bytes {@code [offset, offset + length)} of
 * the file at {@code path}. A {@link CanonicalBlock} of type 1 (the payload block, RFC 9171 §4.3.3)
 * may hold one instead of a {@link java.nio.ByteBuffer}; this is how bundles of any size, over 4
 * GiB included, are created, stored, fragmented (a fragment's payload is a {@link #slice} of the
 * same file, nothing is copied), encoded and decoded without the payload ever being in the heap.
 * See docs/bundle-protocol.md, "Large payloads".
 *
 * <p>A region is only a reference: it neither opens nor owns the file. Whoever created the file
 * decides when it is deleted (docs/agent.md says who that is for the agent's bundles), and nobody
 * may change the region's bytes while a bundle refers to them. Reading methods check that the file
 * still holds the whole region and throw {@link IOException} otherwise.
 *
 * <p>Immutable and thread-safe.
 *
 * @param path the file (absolute, normalized)
 * @param offset where the region starts in the file, at least 0
 * @param length the region's length in bytes, at least 0
 */
public record PayloadFile(Path path, long offset, long length) {

  /** The size of the chunks in which payload bytes are copied, checksummed and {@link #read}. */
  public static final int CHUNK_BYTES = 64 * 1024;

  private static final byte[] ZEROS = new byte[CHUNK_BYTES];

  public PayloadFile {
    Objects.requireNonNull(path, "path");
    path = path.toAbsolutePath().normalize();
    if (offset < 0) {
      throw new IllegalArgumentException("payload file offset " + offset + " < 0");
    }
    if (length < 0) {
      throw new IllegalArgumentException("payload file region length " + length + " < 0");
    }
    if (offset + length < 0) {
      throw new IllegalArgumentException(
          "payload file region " + offset + " + " + length + " overflows");
    }
  }

  /** The whole file as it is now (its current size). */
  public static PayloadFile of(Path path) throws IOException {
    return new PayloadFile(path, 0, java.nio.file.Files.size(path));
  }

  /** The sub-region {@code [start, start + subLength)} of this region (no bytes are copied). */
  public PayloadFile slice(long start, long subLength) {
    if (start < 0 || subLength < 0 || start + subLength > length || start + subLength < 0) {
      throw new IndexOutOfBoundsException(
          "slice "
              + start
              + " + "
              + subLength
              + " outside the payload file region of "
              + length
              + " bytes");
    }
    return new PayloadFile(path, offset + start, subLength);
  }

  /** Whether this region is the whole file as it is now. */
  public boolean isWholeFile() throws IOException {
    return offset == 0 && java.nio.file.Files.size(path) == length;
  }

  /**
   * Streams the region's bytes to {@code out} in chunks of {@value #CHUNK_BYTES} bytes, feeding
   * each chunk to {@code crc} first when it is not null.
   *
   * @throws IOException if the file cannot be read or is shorter than the region
   */
  public void writeTo(OutputStream out, Crc.Running crc) throws IOException {
    copy(
        (buffer, length) -> {
          out.write(buffer.array(), 0, length);
        },
        crc);
  }

  /** Streams the region's bytes to {@code out}, as {@link #writeTo(OutputStream, Crc.Running)}. */
  public void writeTo(WritableByteChannel out, Crc.Running crc) throws IOException {
    copy(
        (buffer, length) -> {
          buffer.position(0).limit(length);
          while (buffer.hasRemaining()) {
            out.write(buffer);
          }
        },
        crc);
  }

  /**
   * Copies the region into {@code target} from {@code targetPosition} on, leaving the target file
   * sparse where the region holds whole chunks of zeros (the target then ends at least at {@code
   * targetPosition + length}); the caller forces the target if it needs durability.
   */
  public void copyTo(FileChannel target, long targetPosition, Crc.Running crc) throws IOException {
    long[] position = {targetPosition};
    copy(
        (buffer, length) -> {
          writeSparse(target, buffer, length, position[0]);
          position[0] += length;
        },
        crc);
    extendTo(target, targetPosition + length);
  }

  /** The CRC-32C (as {@link java.util.zip.CRC32C}) of the region's bytes. */
  public long crc32c() throws IOException {
    Crc.Running crc = Crc.running(CrcType.CRC32C);
    copy((buffer, length) -> {}, crc);
    return crc.value();
  }

  /** Whether the region's bytes equal {@code other}'s, compared in chunks. */
  public boolean contentEquals(PayloadFile other) throws IOException {
    if (length != other.length) {
      return false;
    }
    try (FileChannel a = FileChannel.open(path, StandardOpenOption.READ);
        FileChannel b = FileChannel.open(other.path, StandardOpenOption.READ)) {
      ByteBuffer x = ByteBuffer.allocate(CHUNK_BYTES);
      ByteBuffer y = ByteBuffer.allocate(CHUNK_BYTES);
      for (long done = 0; done < length; ) {
        int n = (int) Math.min(CHUNK_BYTES, length - done);
        readFully(a, x, n, offset + done);
        readFully(b, y, n, other.offset + done);
        if (Arrays.mismatch(x.array(), 0, n, y.array(), 0, n) >= 0) {
          return false;
        }
        done += n;
      }
      return true;
    }
  }

  /**
   * Reads the region's bytes in order, in chunks of at most {@value #CHUNK_BYTES} bytes, handing
   * each to {@code sink} (which must not keep the buffer): for consumers that process a payload of
   * any size without holding it, such as a MAC or a cipher (BPSec over a file-backed payload).
   *
   * @throws IOException if the file cannot be read or is shorter than the region, or from {@code
   *     sink}
   */
  public void read(ChunkSink sink) throws IOException {
    copy(sink, null);
  }

  /**
   * What {@link #read} and the copying methods do with each chunk: the first {@code length} bytes
   * of {@code buffer}, a heap buffer whose array starts at index 0 and is reused for the next
   * chunk.
   */
  @FunctionalInterface
  public interface ChunkSink {
    void accept(ByteBuffer buffer, int length) throws IOException;
  }

  private void copy(ChunkSink sink, Crc.Running crc) throws IOException {
    try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, Math.max(1, length)));
      for (long done = 0; done < length; ) {
        int n = (int) Math.min(buffer.capacity(), length - done);
        readFully(in, buffer, n, offset + done);
        if (crc != null) {
          crc.update(buffer.array(), 0, n);
        }
        sink.accept(buffer, n);
        done += n;
      }
    }
  }

  private void readFully(FileChannel in, ByteBuffer buffer, int n, long position)
      throws IOException {
    buffer.clear().limit(n);
    while (buffer.hasRemaining()) {
      int read = in.read(buffer, position + buffer.position());
      if (read < 0) {
        throw new IOException(
            "payload file "
                + path
                + " ends at byte "
                + (position + buffer.position())
                + ", before the end of its region ["
                + offset
                + ", "
                + (offset + length)
                + ")");
      }
    }
    buffer.flip();
  }

  /**
   * Writes the first {@code length} bytes of {@code buffer} (a heap buffer) at {@code position},
   * or, if they are all zero, skips them so that the file stays sparse (the caller extends the file
   * to its full length at the end).
   */
  static void writeSparse(FileChannel target, ByteBuffer buffer, int length, long position)
      throws IOException {
    if (Arrays.mismatch(buffer.array(), 0, length, ZEROS, 0, length) < 0) {
      return;
    }
    buffer.position(0).limit(length);
    long at = position;
    while (buffer.hasRemaining()) {
      at += target.write(buffer, at);
    }
  }

  /**
   * Makes {@code target} exactly {@code size} bytes long after sparse writes (whose trailing zeros
   * were skipped).
   */
  static void extendTo(FileChannel target, long size) throws IOException {
    if (target.size() < size) {
      target.write(ByteBuffer.allocate(1), size - 1);
    }
  }

  @Override
  public String toString() {
    return path + "[" + offset + ", +" + length + "]";
  }
}
