package org.starlane.bp.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.stream.Stream;

/**
 * What end-to-end tests of large file-backed payloads check a delivered file with: 16-byte markers
 * written at chosen offsets of a sparse source file, the file's SHA-256, and the files left in a
 * directory. Stateless.
 */
public final class LargePayloads {
  /** The length of a {@link #marker}. */
  public static final int MARKER_BYTES = 16;

  private LargePayloads() {}

  /** 16 ASCII bytes naming their offset {@code at}: {@code @000000000000042}. */
  public static byte[] marker(long at) {
    return String.format("@%015d", at).getBytes(StandardCharsets.US_ASCII);
  }

  /** The SHA-256 of the file's content, read in 64 KiB chunks (the heap never holds the file). */
  public static byte[] sha256(Path file) throws IOException, NoSuchAlgorithmException {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
      while (ch.read(buffer.clear()) >= 0) {
        digest.update(buffer.flip());
      }
    }
    return digest.digest();
  }

  /** The entries of {@code dir}, in no particular order. */
  public static List<Path> filesIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }
}
