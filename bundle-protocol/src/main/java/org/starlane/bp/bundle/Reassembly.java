package org.starlane.bp.bundle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Application data unit reassembly (RFC 9171 §5.9): collects fragments by source node ID and
 * creation timestamp until their payloads cover the whole ADU, then rebuilds the original bundle.
 *
 * <p>A fragment is kept only if its payload adds bytes not yet covered (its "material extents");
 * duplicates and fragments inside what earlier ones covered are {@link Redundant}. Overlapping
 * fragments are fine: the bytes they share are taken from either. Once {@code [0, total ADU
 * length)} is covered, the rebuilt bundle has the primary block of the fragment at offset 0 without
 * the fragment flag, offset and total length, that fragment's extension blocks (with their original
 * encodings), and a payload block with the assembled ADU in one array.
 *
 * <p>Bounded memory: at most {@code maxPendingAdus} ADUs at a time and at most {@code
 * maxPendingBytes} payload bytes in the kept fragments (payload views: the fragments' bytes are not
 * copied until the ADU is complete; an ADU whose total length exceeds {@code maxPendingBytes} is
 * refused at once, so the assembled array is never larger). Whatever would go over a limit is
 * {@link Refused}. Nothing expires here: the owner {@linkplain #discard discards} an ADU when its
 * fragments' lifetime ends (§5.5).
 *
 * <p><b>Large ADUs</b> (docs/bundle-protocol.md, "Large payloads"): built with a file directory
 * ({@link #Reassembly(int, long, Path, long)}), an ADU longer than {@link #FILE_THRESHOLD_BYTES} is
 * assembled into a new file in that directory, not in the heap: the rebuilt bundle's payload is
 * file-backed, and the caller owns (and eventually deletes) that file. Such an ADU may be as long
 * as {@code maxFileAduBytes}; {@code maxPendingBytes} then counts only the kept fragments whose
 * payloads are in memory (file-backed fragments hold no heap). Writing the file happens when the
 * last fragment arrives, on the caller's thread; if it fails, the outcome is {@link Refused} with
 * the I/O problem and the ADU is forgotten.
 *
 * <p>Not thread-safe: confined to its owner's thread (the agent's).
 */
public final class Reassembly {
  /** The default limit on ADUs being reassembled at once. */
  public static final int DEFAULT_MAX_PENDING_ADUS = 64;

  /** The default limit on payload bytes kept for reassembly: 64 MiB. */
  public static final long DEFAULT_MAX_PENDING_BYTES = 64L << 20;

  /** With a file directory, ADUs longer than this (64 KiB) are assembled into a file. */
  public static final long FILE_THRESHOLD_BYTES = 64 * 1024;

  /** The largest array the JVM reliably allocates. */
  private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  private final int maxPendingAdus;
  private final long maxPendingBytes;
  private final Path fileDirectory;
  private final long maxFileAduBytes;
  private final Map<BundleId, Adu> adus = new LinkedHashMap<>();
  private long pendingBytes;

  /** One ADU being reassembled. */
  private static final class Adu {
    final long totalLength;
    final List<Bundle> kept = new ArrayList<>();

    /** Covered extents, merged: start to end (exclusive). */
    final TreeMap<Long, Long> covered = new TreeMap<>();

    long keptBytes;
    Bundle atOffsetZero;

    Adu(long totalLength) {
      this.totalLength = totalLength;
    }

    boolean covers(long start, long end) {
      Map.Entry<Long, Long> e = covered.floorEntry(start);
      return e != null && e.getValue() >= end;
    }

    void cover(long start, long end) {
      Map.Entry<Long, Long> before = covered.floorEntry(start);
      if (before != null && before.getValue() >= start) {
        start = before.getKey();
        end = Math.max(end, before.getValue());
      }
      Map.Entry<Long, Long> next;
      while ((next = covered.ceilingEntry(start)) != null && next.getKey() <= end) {
        end = Math.max(end, next.getValue());
        covered.remove(next.getKey());
      }
      covered.put(start, end);
    }

    long coveredBytes() {
      long sum = 0;
      for (Map.Entry<Long, Long> e : covered.entrySet()) {
        sum += e.getValue() - e.getKey();
      }
      return sum;
    }

    boolean isComplete() {
      return covered.size() == 1
          && covered.firstKey() == 0
          && covered.firstEntry().getValue() == totalLength;
    }
  }

  /** A reassembly with {@link #DEFAULT_MAX_PENDING_ADUS} and {@link #DEFAULT_MAX_PENDING_BYTES}. */
  public Reassembly() {
    this(DEFAULT_MAX_PENDING_ADUS, DEFAULT_MAX_PENDING_BYTES);
  }

  /**
   * @param maxPendingAdus how many ADUs may be reassembled at once; at least 1
   * @param maxPendingBytes how many payload bytes the kept fragments may hold in all, and the
   *     largest ADU; at least 1
   */
  public Reassembly(int maxPendingAdus, long maxPendingBytes) {
    if (maxPendingAdus < 1) {
      throw new IllegalArgumentException("maximum pending ADUs " + maxPendingAdus + " < 1");
    }
    if (maxPendingBytes < 1) {
      throw new IllegalArgumentException("maximum pending bytes " + maxPendingBytes + " < 1");
    }
    this.maxPendingAdus = maxPendingAdus;
    this.maxPendingBytes = maxPendingBytes;
    this.fileDirectory = null;
    this.maxFileAduBytes = 0;
  }

  /**
   * A reassembly that assembles ADUs longer than {@link #FILE_THRESHOLD_BYTES} into files in {@code
   * fileDirectory}.
   *
   * @param maxPendingAdus how many ADUs may be reassembled at once; at least 1
   * @param maxPendingBytes how many payload bytes the kept in-memory fragments may hold in all, and
   *     the largest ADU assembled in memory; at least 1
   * @param fileDirectory where ADUs assembled in files go (an existing directory)
   * @param maxFileAduBytes the largest ADU assembled in a file; at least 1
   */
  public Reassembly(
      int maxPendingAdus, long maxPendingBytes, Path fileDirectory, long maxFileAduBytes) {
    if (maxPendingAdus < 1) {
      throw new IllegalArgumentException("maximum pending ADUs " + maxPendingAdus + " < 1");
    }
    if (maxPendingBytes < 1) {
      throw new IllegalArgumentException("maximum pending bytes " + maxPendingBytes + " < 1");
    }
    if (maxFileAduBytes < 1) {
      throw new IllegalArgumentException("maximum file ADU bytes " + maxFileAduBytes + " < 1");
    }
    this.maxPendingAdus = maxPendingAdus;
    this.maxPendingBytes = maxPendingBytes;
    this.fileDirectory = Objects.requireNonNull(fileDirectory, "fileDirectory");
    this.maxFileAduBytes = maxFileAduBytes;
  }

  /** Whether an ADU of this total length is assembled in a file. */
  private boolean inFile(long total) {
    return fileDirectory != null && total > FILE_THRESHOLD_BYTES;
  }

  /**
   * The ID of the original bundle a fragment belongs to: its source node ID and creation timestamp
   * (RFC 9171 §5.9), without fragment offset and length.
   */
  public static BundleId aduId(Bundle fragment) {
    PrimaryBlock p = fragment.primary();
    return new BundleId(p.source(), p.creationTimestamp(), false, 0, 0);
  }

  /**
   * Adds a fragment.
   *
   * @throws IllegalArgumentException if {@code fragment} is not a fragment
   */
  public Outcome add(Bundle fragment) {
    Objects.requireNonNull(fragment, "fragment");
    PrimaryBlock p = fragment.primary();
    if (!p.isFragment()) {
      throw new IllegalArgumentException(fragment + " is not a fragment");
    }
    BundleId id = aduId(fragment);
    long total = p.totalAduLength();
    Adu adu = adus.get(id);
    if (adu == null) {
      long limit = inFile(total) ? maxFileAduBytes : Math.min(maxPendingBytes, MAX_ARRAY_BYTES);
      if (total < 0 || total > limit) {
        return new Refused(
            id,
            "total ADU length "
                + Long.toUnsignedString(total)
                + " exceeds the reassembly limit of "
                + limit
                + " bytes");
      }
      if (adus.size() >= maxPendingAdus) {
        return new Refused(
            id,
            adus.size() + " ADUs are pending reassembly already, the limit is " + maxPendingAdus);
      }
    } else if (adu.totalLength != total) {
      return new Refused(
          id,
          "total ADU length "
              + Long.toUnsignedString(total)
              + " differs from "
              + adu.totalLength
              + " in the earlier fragments");
    }
    long start = p.fragmentOffset();
    long length = fragment.payloadBlock().dataSizeBytes();
    long end = start + length;
    if (total == 0) {
      return new Complete(rebuild(fragment, ByteBuffer.wrap(new byte[0]), null));
    }
    if (length == 0 || (adu != null && adu.covers(start, end))) {
      return new Redundant(id);
    }
    long heapBytes = fragment.payloadBlock().isFileBacked() ? 0 : length;
    if (pendingBytes + heapBytes > maxPendingBytes) {
      return new Refused(
          id,
          "keeping "
              + heapBytes
              + " more bytes would exceed the reassembly limit of "
              + maxPendingBytes
              + " bytes ("
              + pendingBytes
              + " kept)");
    }
    if (adu == null) {
      adu = new Adu(total);
      adus.put(id, adu);
    }
    adu.kept.add(fragment);
    adu.keptBytes += heapBytes;
    pendingBytes += heapBytes;
    adu.cover(start, end);
    if (start == 0 && adu.atOffsetZero == null) {
      adu.atOffsetZero = fragment;
    }
    if (!adu.isComplete()) {
      return new Incomplete(id, total - adu.coveredBytes());
    }
    adus.remove(id);
    pendingBytes -= adu.keptBytes;
    if (inFile(total)) {
      try {
        return new Complete(rebuild(adu.atOffsetZero, null, assembleInFile(adu)));
      } catch (IOException e) {
        return new Refused(id, "could not assemble the ADU in a file: " + e);
      }
    }
    byte[] data = new byte[(int) total];
    for (Bundle kept : adu.kept) {
      CanonicalBlock block = kept.payloadBlock();
      int at = (int) kept.primary().fragmentOffset();
      if (block.isFileBacked()) {
        copyInto(block.dataFile(), data, at);
      } else {
        ByteBuffer payload = block.data();
        payload.get(data, at, payload.remaining());
      }
    }
    return new Complete(rebuild(adu.atOffsetZero, ByteBuffer.wrap(data), null));
  }

  /** Reads a (small) file-backed fragment payload into the assembled array. */
  private static void copyInto(PayloadFile file, byte[] data, int at) {
    try (FileChannel in = FileChannel.open(file.path(), StandardOpenOption.READ)) {
      ByteBuffer target = ByteBuffer.wrap(data, at, (int) file.length());
      long position = file.offset();
      while (target.hasRemaining()) {
        int read = in.read(target, position);
        if (read < 0) {
          throw new IOException(file + " is shorter than its region");
        }
        position += read;
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Writes the kept fragments' payloads at their offsets into a new file in the directory. */
  private PayloadFile assembleInFile(Adu adu) throws IOException {
    Path file = Files.createTempFile(fileDirectory, "adu-", ".bin");
    boolean ok = false;
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
      for (Bundle kept : adu.kept) {
        CanonicalBlock block = kept.payloadBlock();
        long at = kept.primary().fragmentOffset();
        if (block.isFileBacked()) {
          block.dataFile().copyTo(out, at, null);
        } else {
          ByteBuffer payload = block.data();
          while (payload.hasRemaining()) {
            at += out.write(payload, at);
          }
        }
      }
      PayloadFile.extendTo(out, adu.totalLength);
      ok = true;
    } finally {
      if (!ok) {
        Files.deleteIfExists(file);
      }
    }
    return new PayloadFile(file, 0, adu.totalLength);
  }

  /**
   * The original bundle: {@code atOffsetZero}'s blocks, a non-fragment primary, this payload (in
   * memory or in a file).
   */
  private static Bundle rebuild(Bundle atOffsetZero, ByteBuffer data, PayloadFile file) {
    PrimaryBlock f = atOffsetZero.primary();
    PrimaryBlock whole =
        new PrimaryBlock(
            f.flags().without(BundleProcessingFlags.IS_FRAGMENT),
            f.crcType(),
            f.destination(),
            f.source(),
            f.reportTo(),
            f.creationTimestamp(),
            f.lifetimeMillis(),
            0,
            0);
    return atOffsetZero
        .withBlock(
            file != null
                ? atOffsetZero.payloadBlock().withData(file)
                : atOffsetZero.payloadBlock().withData(data))
        .withPrimary(whole);
  }

  /**
   * Forgets the fragments of the ADU with this ID (see {@link #aduId}), for example when their
   * lifetime ended. Returns whether it was pending.
   */
  public boolean discard(BundleId aduId) {
    Adu adu = adus.remove(aduId);
    if (adu == null) {
      return false;
    }
    pendingBytes -= adu.keptBytes;
    return true;
  }

  /** Whether fragments of the ADU with this ID are being kept. */
  public boolean isPending(BundleId aduId) {
    return adus.containsKey(aduId);
  }

  /** How many ADUs are being reassembled. */
  public int pendingAdus() {
    return adus.size();
  }

  /** How many payload bytes the kept fragments hold. */
  public long pendingBytes() {
    return pendingBytes;
  }

  /** What {@link #add} did with a fragment. */
  public sealed interface Outcome {
    /** The ID of the original bundle (see {@link #aduId}). */
    BundleId aduId();
  }

  /**
   * The fragment was kept; the ADU is not complete yet.
   *
   * @param aduId the original bundle's ID
   * @param missingBytes how many bytes of the ADU no kept fragment covers
   */
  public record Incomplete(BundleId aduId, long missingBytes) implements Outcome {}

  /**
   * The fragment adds no bytes (a duplicate, an empty payload, or within what earlier fragments
   * covered): it was not kept.
   *
   * @param aduId the original bundle's ID
   */
  public record Redundant(BundleId aduId) implements Outcome {}

  /**
   * The ADU is complete: the fragments are forgotten and this is the original bundle.
   *
   * @param bundle the reassembled bundle
   */
  public record Complete(Bundle bundle) implements Outcome {
    @Override
    public BundleId aduId() {
      return bundle.id();
    }
  }

  /**
   * The fragment was not kept because of a limit or because it disagrees with earlier fragments.
   *
   * @param aduId the original bundle's ID
   * @param problem why, with the numbers
   */
  public record Refused(BundleId aduId, String problem) implements Outcome {}

  @Override
  public String toString() {
    return "Reassembly[" + adus.size() + " ADUs, " + pendingBytes + " bytes]";
  }
}
