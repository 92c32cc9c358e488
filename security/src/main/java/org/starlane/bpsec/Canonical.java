package org.starlane.bpsec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import org.starlane.bp.bundle.BlockProcessingFlags;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.cbor.CborWriter;

/**
 * Canonical forms (RFC 9172 §4) and the scope-dependent prefix that both RFC 9173 contexts build:
 * the IPPT of BIB-HMAC-SHA2 (RFC 9173 §3.7) and the AAD of BCB-AES-GCM (§4.7.2).
 *
 * <pre>
 *   scope flags (CBOR uint)
 *   | primary block   (canonical CBOR, with its CRC)      if bit 0 and the target is not the primary
 *   | target header   type, number, flags (CBOR uints)    if bit 1 and the target is not the primary
 *   | security header type, number, flags (CBOR uints)    if bit 2
 *   [ | target content  CBOR byte string: the target's block-type-specific data, or the primary
 *                       block's canonical CBOR when the target is the primary block   -- IPPT only ]
 * </pre>
 *
 * <p>Note the asymmetry that RFC 9173 Appendix A.3 shows: the primary block included by scope flag
 * appears as its bare CBOR, but the primary block as a target appears wrapped in a byte string.
 * Stateless and thread-safe.
 */
public final class Canonical {
  /** Scope flag bit 0: include the primary block. */
  public static final int PRIMARY_BLOCK = 0x01;

  /** Scope flag bit 1: include the target's header (type, number, flags). */
  public static final int TARGET_HEADER = 0x02;

  /** Scope flag bit 2: include the security block's header (type, number, flags). */
  public static final int SECURITY_HEADER = 0x04;

  /** All assigned scope bits; the default of both contexts. */
  public static final int ALL = 0x07;

  /** The block processing control flags that RFC 9171 §4.2.4 assigns; the others are zeroed. */
  static final long ASSIGNED_BLOCK_FLAGS =
      BlockProcessingFlags.REPLICATE_IN_EVERY_FRAGMENT
          | BlockProcessingFlags.REPORT_IF_UNPROCESSABLE
          | BlockProcessingFlags.DELETE_BUNDLE_IF_UNPROCESSABLE
          | BlockProcessingFlags.DISCARD_BLOCK_IF_UNPROCESSABLE;

  private Canonical() {}

  /** The canonical form of the primary block: deterministic CBOR, with its CRC (RFC 9172 §4). */
  public static byte[] primaryBlock(PrimaryBlock primary) {
    ByteBuf out = Unpooled.buffer(96);
    BundleCodec.writePrimary(primary, out);
    return Arrays.copyOf(out.array(), out.writerIndex());
  }

  /**
   * The scope prefix of an IPPT or AAD: the flags, then the primary block, target header and
   * security header as the flags say.
   *
   * @param scope scope flags, 0..65535 (RFC 9173 §3.3.3, §4.3.4)
   * @param primaryBytes {@link #primaryBlock} of the bundle (read only when needed)
   * @param target the target, or null when the target is the primary block
   * @param securityType type of the BIB or BCB
   * @param securityNumber number of the BIB or BCB
   * @param securityFlags flags of the BIB or BCB
   */
  public static byte[] scopePrefix(
      int scope,
      byte[] primaryBytes,
      CanonicalBlock target,
      long securityType,
      long securityNumber,
      BlockProcessingFlags securityFlags) {
    ByteBuf out = Unpooled.buffer(primaryBytes.length + 40);
    CborWriter.writeUnsigned(out, scope);
    if (target != null) {
      if ((scope & PRIMARY_BLOCK) != 0) {
        out.writeBytes(primaryBytes);
      }
      if ((scope & TARGET_HEADER) != 0) {
        header(out, target.type(), target.number(), target.flags());
      }
    }
    if ((scope & SECURITY_HEADER) != 0) {
      header(out, securityType, securityNumber, securityFlags);
    }
    return Arrays.copyOf(out.array(), out.writerIndex());
  }

  /**
   * Writes the scope prefix of {@link #scopePrefix} to {@code out}, encoding the primary block in
   * place instead of taking its canonical form as an array (no allocation on a heap buffer with
   * room).
   */
  static void writeScopePrefix(
      ByteBuf out,
      int scope,
      PrimaryBlock primary,
      CanonicalBlock target,
      long securityType,
      long securityNumber,
      BlockProcessingFlags securityFlags) {
    CborWriter.writeUnsigned(out, scope);
    if (target != null) {
      if ((scope & PRIMARY_BLOCK) != 0) {
        BundleCodec.writePrimary(primary, out);
      }
      if ((scope & TARGET_HEADER) != 0) {
        header(out, target.type(), target.number(), target.flags());
      }
    }
    if ((scope & SECURITY_HEADER) != 0) {
      header(out, securityType, securityNumber, securityFlags);
    }
  }

  private static void header(ByteBuf out, long type, long number, BlockProcessingFlags flags) {
    CborWriter.writeUnsigned(out, type);
    CborWriter.writeUnsigned(out, number);
    CborWriter.writeUnsigned(out, flags.bits() & ASSIGNED_BLOCK_FLAGS);
  }

  /** The CBOR byte string header for content of {@code length} bytes. */
  public static byte[] byteStringHeader(long length) {
    ByteBuf out = Unpooled.buffer(9);
    CborWriter.writeByteStringHeader(out, length);
    return Arrays.copyOf(out.array(), out.writerIndex());
  }

  static void checkScope(long scope, String what) {
    if (scope < 0 || scope > 0xffff) {
      throw BpsecException.unintelligible(
          what + " " + Long.toUnsignedString(scope) + " exceeds 65535 (RFC 9173 §3.3.3, §4.3.4)");
    }
  }
}
