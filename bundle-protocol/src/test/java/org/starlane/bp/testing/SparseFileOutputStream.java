package org.starlane.bp.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A test fixture: an output stream into a file that skips (leaves as holes) every aligned 64 KiB
 * chunk of zeros, so that a multi-GiB encoded bundle whose payload is mostly zeros costs little
 * disk. Confined to one thread.
 */
public final class SparseFileOutputStream extends OutputStream {
  private static final int CHUNK = 64 * 1024;
  private static final byte[] ZEROS = new byte[CHUNK];

  private final FileChannel channel;
  private final byte[] chunk = new byte[CHUNK];
  private int filled;
  private long position;

  public SparseFileOutputStream(Path file) throws IOException {
    this.channel =
        FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
  }

  @Override
  public void write(int b) throws IOException {
    chunk[filled++] = (byte) b;
    if (filled == CHUNK) {
      flushChunk();
    }
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    while (length > 0) {
      int n = Math.min(length, CHUNK - filled);
      System.arraycopy(bytes, offset, chunk, filled, n);
      filled += n;
      offset += n;
      length -= n;
      if (filled == CHUNK) {
        flushChunk();
      }
    }
  }

  private void flushChunk() throws IOException {
    if (filled == CHUNK && Arrays.equals(chunk, ZEROS)) {
      position += CHUNK;
    } else {
      ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, filled);
      while (buffer.hasRemaining()) {
        position += channel.write(buffer, position);
      }
    }
    filled = 0;
  }

  @Override
  public void close() throws IOException {
    try {
      if (filled > 0) {
        flushChunk();
      }
      if (channel.size() < position) {
        channel.write(ByteBuffer.allocate(1), position - 1);
      }
    } finally {
      channel.close();
    }
  }
}
