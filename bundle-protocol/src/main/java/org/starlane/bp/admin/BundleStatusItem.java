package org.starlane.bp.admin;

import io.netty.buffer.ByteBuf;
import java.util.OptionalLong;
import org.starlane.bp.cbor.CborWriter;

/**
 * A bundle status item (RFC 9171 §6.1.1): whether a status is asserted and, only when it is and the
 * subject bundle had the "status time requested" flag set, the DTN time at which it was asserted.
 * The three cases are three types, so an item "not asserted, at time T" cannot be built. Immutable
 * and thread-safe.
 *
 * <pre>
 *   status-info-content = [ status-indicator: bool, ? timestamp: dtn-time ]
 *
 *   NotAsserted     [false]
 *   Asserted        [true]
 *   AssertedAt(T)   [true, T]
 * </pre>
 */
public sealed interface BundleStatusItem
    permits BundleStatusItem.NotAsserted, BundleStatusItem.Asserted, BundleStatusItem.AssertedAt {

  /** {@code [false]}. */
  NotAsserted NOT_ASSERTED = new NotAsserted();

  /** {@code [true]}: asserted, the subject bundle did not ask for the status time. */
  Asserted ASSERTED = new Asserted();

  /** {@code [true, dtnTimeMillis]}: asserted at this DTN time (RFC 9171 §4.2.6). */
  static AssertedAt assertedAt(long dtnTimeMillis) {
    return new AssertedAt(dtnTimeMillis);
  }

  /** The status indicator. */
  boolean isAsserted();

  /** The DTN time (milliseconds, unsigned) at which the status was asserted, if reported. */
  OptionalLong statusTimeMillis();

  /** Writes the CBOR form: {@code [false]}, {@code [true]} or {@code [true, time]}. */
  void writeTo(ByteBuf out);

  /** The status is not asserted; a time is never present. */
  record NotAsserted() implements BundleStatusItem {
    @Override
    public boolean isAsserted() {
      return false;
    }

    @Override
    public OptionalLong statusTimeMillis() {
      return OptionalLong.empty();
    }

    @Override
    public void writeTo(ByteBuf out) {
      CborWriter.writeArrayHeader(out, 1);
      CborWriter.writeBoolean(out, false);
    }

    @Override
    public String toString() {
      return "not asserted";
    }
  }

  /** The status is asserted without a time (the subject did not request status times). */
  record Asserted() implements BundleStatusItem {
    @Override
    public boolean isAsserted() {
      return true;
    }

    @Override
    public OptionalLong statusTimeMillis() {
      return OptionalLong.empty();
    }

    @Override
    public void writeTo(ByteBuf out) {
      CborWriter.writeArrayHeader(out, 1);
      CborWriter.writeBoolean(out, true);
    }

    @Override
    public String toString() {
      return "asserted";
    }
  }

  /**
   * The status is asserted at a DTN time.
   *
   * @param dtnTimeMillis DTN time in milliseconds (RFC 9171 §4.2.6), read unsigned
   */
  record AssertedAt(long dtnTimeMillis) implements BundleStatusItem {
    @Override
    public boolean isAsserted() {
      return true;
    }

    @Override
    public OptionalLong statusTimeMillis() {
      return OptionalLong.of(dtnTimeMillis);
    }

    @Override
    public void writeTo(ByteBuf out) {
      CborWriter.writeArrayHeader(out, 2);
      CborWriter.writeBoolean(out, true);
      CborWriter.writeUnsigned(out, dtnTimeMillis);
    }

    @Override
    public String toString() {
      return "asserted at DTN time " + Long.toUnsignedString(dtnTimeMillis) + " ms";
    }
  }
}
