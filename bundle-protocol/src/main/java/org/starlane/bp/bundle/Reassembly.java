package org.starlane.bp.bundle;

import java.nio.ByteBuffer;
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
 * <p>Not thread-safe: confined to its owner's thread (the agent's).
 */
public final class Reassembly {
  /** The default limit on ADUs being reassembled at once. */
  public static final int DEFAULT_MAX_PENDING_ADUS = 64;

  /** The default limit on payload bytes kept for reassembly: 64 MiB. */
  public static final long DEFAULT_MAX_PENDING_BYTES = 64L << 20;

  /** The largest array the JVM reliably allocates. */
  private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  private final int maxPendingAdus;
  private final long maxPendingBytes;
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
      long limit = Math.min(maxPendingBytes, MAX_ARRAY_BYTES);
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
    int length = fragment.payloadBlock().dataLength();
    long end = start + length;
    if (total == 0) {
      return new Complete(rebuild(fragment, new byte[0]));
    }
    if (length == 0 || (adu != null && adu.covers(start, end))) {
      return new Redundant(id);
    }
    if (pendingBytes + length > maxPendingBytes) {
      return new Refused(
          id,
          "keeping "
              + length
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
    adu.keptBytes += length;
    pendingBytes += length;
    adu.cover(start, end);
    if (start == 0 && adu.atOffsetZero == null) {
      adu.atOffsetZero = fragment;
    }
    if (!adu.isComplete()) {
      return new Incomplete(id, total - adu.coveredBytes());
    }
    adus.remove(id);
    pendingBytes -= adu.keptBytes;
    byte[] data = new byte[(int) total];
    for (Bundle kept : adu.kept) {
      ByteBuffer payload = kept.payload();
      payload.get(data, (int) kept.primary().fragmentOffset(), payload.remaining());
    }
    return new Complete(rebuild(adu.atOffsetZero, data));
  }

  /** The original bundle: {@code atOffsetZero}'s blocks, a non-fragment primary, this payload. */
  private static Bundle rebuild(Bundle atOffsetZero, byte[] data) {
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
        .withBlock(atOffsetZero.payloadBlock().withData(ByteBuffer.wrap(data)))
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
