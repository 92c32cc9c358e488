package org.starlane.bpsec;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import org.starlane.bp.bundle.BlockProcessingFlags;
import org.starlane.bp.bundle.BlockType;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.PayloadFile;
import org.starlane.bp.cbor.CborWriter;
import org.starlane.bpsec.JcaPrimitives.HmacAlgorithm;

/**
 * The BIB-HMAC-SHA2 security context (RFC 9173 §3, context id 1): an HMAC over the
 * integrity-protected plaintext (IPPT) of each target.
 *
 * <pre>
 *   parameters: [1, SHA variant: 5 = HMAC 256/256, 6 = HMAC 384/384 (default), 7 = HMAC 512/512]
 *               [2, wrapped key: AES key wrap (RFC 3394) of the HMAC key]      -- optional
 *               [3, integrity scope flags: bit 0 primary, 1 target header, 2 security header;
 *                   default 7]
 *   results:    [1, expected HMAC: byte string]                                 -- per target
 *   IPPT:       scope | ?primary | ?target header | ?BIB header | target content (§3.7)
 * </pre>
 *
 * <p>A file-backed target (a payload of any size, docs/bundle-protocol.md "Large payloads") is
 * streamed from its file into the MAC ({@link #hmac}).
 *
 * <p>Stateless and thread-safe; the {@link JcaPrimitives} passed in are the caller's.
 */
public final class BibHmacSha2 {
  public static final long CONTEXT_ID = 1;
  public static final long PARAMETER_SHA_VARIANT = 1;
  public static final long PARAMETER_WRAPPED_KEY = 2;
  public static final long PARAMETER_SCOPE_FLAGS = 3;
  public static final long RESULT_EXPECTED_HMAC = 1;

  private BibHmacSha2() {}

  /** SHA variant parameter values (RFC 9173 §3.3.1, Table 1). */
  public enum ShaVariant {
    HMAC_256_256(5, HmacAlgorithm.HMAC_SHA256),
    HMAC_384_384(6, HmacAlgorithm.HMAC_SHA384),
    HMAC_512_512(7, HmacAlgorithm.HMAC_SHA512);

    private final long code;
    private final HmacAlgorithm algorithm;

    ShaVariant(long code, HmacAlgorithm algorithm) {
      this.code = code;
      this.algorithm = algorithm;
    }

    public long code() {
      return code;
    }

    public HmacAlgorithm algorithm() {
      return algorithm;
    }

    /**
     * The variant with {@code code}.
     *
     * @throws BpsecException (unknown security operation) for another code
     */
    public static ShaVariant fromCode(long code) {
      for (ShaVariant v : values()) {
        if (v.code == code) {
          return v;
        }
      }
      throw BpsecException.unknown(
          "BIB-HMAC-SHA2 SHA variant " + Long.toUnsignedString(code) + " is not 5, 6 or 7");
    }
  }

  /**
   * The parameters of one BIB-HMAC-SHA2 block.
   *
   * @param variant SHA variant
   * @param scopeFlags integrity scope flags, 0..65535
   * @param wrappedKey the wrapped HMAC key, or null when the key comes from policy
   */
  public record Parameters(ShaVariant variant, int scopeFlags, byte[] wrappedKey) {
    public Parameters {
      Objects.requireNonNull(variant, "variant");
      if (scopeFlags < 0 || scopeFlags > 0xffff) {
        throw new IllegalArgumentException("scope flags " + scopeFlags + " outside 0..65535");
      }
      wrappedKey = wrappedKey == null ? null : wrappedKey.clone();
    }

    @Override
    public byte[] wrappedKey() {
      return wrappedKey == null ? null : wrappedKey.clone();
    }

    /**
     * The parameters an ASB carries, with the defaults of RFC 9173 §3.3.4 for absent ones.
     *
     * @throws BpsecException (unknown security operation) for an unknown parameter id or value
     */
    public static Parameters of(AbstractSecurityBlock asb) {
      ShaVariant variant = ShaVariant.HMAC_384_384;
      long scope = Canonical.ALL;
      byte[] wrapped = null;
      long seen = 0;
      List<SecurityField> fields = asb.parameters();
      for (int i = 0; i < fields.size(); i++) {
        SecurityField p = fields.get(i);
        if (p.id() >= 1 && p.id() <= 4) {
          if ((seen & (1L << p.id())) != 0) {
            throw BpsecException.conflicting(
                "BIB-HMAC-SHA2 parameter " + p.id() + " is given twice (RFC 9172 §3.10)");
          }
          seen |= 1L << p.id();
        }
        if (p.id() == PARAMETER_SHA_VARIANT) {
          variant = ShaVariant.fromCode(p.asUnsigned("SHA variant"));
        } else if (p.id() == PARAMETER_WRAPPED_KEY) {
          wrapped = p.asBytes("wrapped key");
        } else if (p.id() == PARAMETER_SCOPE_FLAGS) {
          scope = p.asUnsigned("integrity scope flags");
          Canonical.checkScope(scope, "integrity scope flags");
        } else {
          throw BpsecException.unknown(
              "BIB-HMAC-SHA2 has no parameter " + Long.toUnsignedString(p.id()));
        }
      }
      return new Parameters(variant, (int) scope, wrapped);
    }

    /** The parameters as ASB fields, in id order; all of them explicit (as RFC 9173 App. A). */
    public List<SecurityField> fields() {
      List<SecurityField> f = new ArrayList<>(3);
      f.add(SecurityField.ofUnsigned(PARAMETER_SHA_VARIANT, variant.code()));
      if (wrappedKey != null) {
        f.add(SecurityField.ofBytes(PARAMETER_WRAPPED_KEY, wrappedKey));
      }
      f.add(SecurityField.ofUnsigned(PARAMETER_SCOPE_FLAGS, scopeFlags));
      return f;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Parameters p
          && p.variant == variant
          && p.scopeFlags == scopeFlags
          && Arrays.equals(p.wrappedKey, wrappedKey);
    }

    @Override
    public int hashCode() {
      return variant.hashCode() * 31 + scopeFlags;
    }

    @Override
    public String toString() {
      return "BIB-HMAC-SHA2["
          + variant
          + ", scope "
          + scopeFlags
          + (wrappedKey != null ? ", wrapped key" : "")
          + "]";
    }
  }

  /**
   * The IPPT of target {@code target} (0: the primary block) for a BIB numbered {@code bibNumber}
   * with {@code bibFlags} (RFC 9173 §3.7), built as one array: for tests and debugging ({@link
   * #hmac} never builds it). A file-backed target's data are read into the array.
   *
   * @throws BpsecException (failed security operation) if the IPPT of a file-backed target does not
   *     fit an array, or its file cannot be read
   */
  public static byte[] ippt(
      BundleBlocks bundle, long target, int scope, long bibNumber, BlockProcessingFlags bibFlags) {
    Parts parts = parts(bundle, target, scope, bibNumber, bibFlags);
    byte[] out = new byte[parts.prefix.length + parts.contentHeader.length + parts.contentLength()];
    System.arraycopy(parts.prefix, 0, out, 0, parts.prefix.length);
    System.arraycopy(parts.contentHeader, 0, out, parts.prefix.length, parts.contentHeader.length);
    int at = parts.prefix.length + parts.contentHeader.length;
    if (parts.primaryContent != null) {
      System.arraycopy(parts.primaryContent, 0, out, at, parts.primaryContent.length);
    } else if (parts.block.isFileBacked()) {
      int[] position = {at};
      try {
        parts
            .block
            .dataFile()
            .read(
                (buffer, length) -> {
                  System.arraycopy(buffer.array(), 0, out, position[0], length);
                  position[0] += length;
                });
      } catch (IOException e) {
        throw BpsecException.failed(
            "cannot read " + parts.block.describe() + " from " + parts.block.dataFile(), e);
      }
    } else {
      parts.block.data().get(out, at, parts.block.dataLength());
    }
    return out;
  }

  /**
   * The HMAC over the IPPT of {@code target}, streamed into the MAC without building the IPPT; a
   * file-backed target's data are read from its file in chunks, never whole in the heap.
   *
   * @throws BpsecException (failed security operation) if a file-backed target's file cannot be
   *     read
   */
  public static byte[] hmac(
      JcaPrimitives primitives,
      ShaVariant variant,
      byte[] key,
      BundleBlocks bundle,
      long target,
      int scope,
      long bibNumber,
      BlockProcessingFlags bibFlags) {
    byte[] out = new byte[variant.algorithm().outputBytes()];
    hmac(primitives, variant, key, bundle, target, scope, bibNumber, bibFlags, out);
    return out;
  }

  /**
   * Computes the HMAC over the IPPT of {@code target} into {@code out} (at least the variant's
   * output length). The IPPT is never built: its CBOR items (scope flags, primary block, headers,
   * byte string header) go into the primitives' reusable scratch buffer, and the target's data is
   * fed from its read-only view through a reusable array, so nothing is allocated per call; a
   * file-backed target's data (a payload of any size, RFC 9173 §3.7 does not bound it) are fed from
   * its file region in chunks of {@value PayloadFile#CHUNK_BYTES} bytes.
   */
  static void hmac(
      JcaPrimitives primitives,
      ShaVariant variant,
      byte[] key,
      BundleBlocks bundle,
      long target,
      int scope,
      long bibNumber,
      BlockProcessingFlags bibFlags,
      byte[] out) {
    CanonicalBlock block = target == 0 ? null : targetBlock(bundle, target, bibNumber);
    Mac mac = primitives.mac(variant.algorithm(), key);
    ByteBuf s = primitives.scratch();
    Canonical.writeScopePrefix(
        s, scope, bundle.primary(), block, BlockType.BLOCK_INTEGRITY, bibNumber, bibFlags);
    byte[] a = s.array();
    int base = s.arrayOffset();
    if (block != null) {
      CborWriter.writeByteStringHeader(s, block.dataSizeBytes());
      mac.update(a, base, s.writerIndex());
      if (block.isFileBacked()) {
        try {
          primitives.update(mac, block.dataFile());
        } catch (IOException e) {
          throw BpsecException.failed(
              "BIB "
                  + Long.toUnsignedString(bibNumber)
                  + ": cannot read the data of its target "
                  + block.describe()
                  + " from "
                  + block.dataFile()
                  + ": "
                  + e.getMessage(),
              e);
        }
      } else {
        primitives.update(mac, block.data());
      }
    } else {
      // The primary block as target: bstr(canonical primary block), RFC 9173 §3.7 / App. A.2.
      int prefixEnd = s.writerIndex();
      BundleCodec.writePrimary(bundle.primary(), s);
      int primaryEnd = s.writerIndex();
      CborWriter.writeByteStringHeader(s, primaryEnd - prefixEnd);
      a = s.array(); // the writes may have grown the buffer
      base = s.arrayOffset();
      mac.update(a, base, prefixEnd);
      mac.update(a, base + primaryEnd, s.writerIndex() - primaryEnd);
      mac.update(a, base + prefixEnd, primaryEnd - prefixEnd);
    }
    try {
      mac.doFinal(out, 0);
    } catch (ShortBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private static CanonicalBlock targetBlock(BundleBlocks bundle, long target, long bibNumber) {
    CanonicalBlock block = bundle.block(target);
    if (block == null) {
      throw BpsecException.conflicting(
          "BIB "
              + Long.toUnsignedString(bibNumber)
              + " targets block "
              + Long.toUnsignedString(target)
              + ", which is not in the bundle (RFC 9172 §3.6)");
    }
    return block;
  }

  /**
   * Checks the expected HMAC of {@code target} in constant time (RFC 9173 §3.6).
   *
   * @throws BpsecException (failed security operation) if it does not match
   */
  public static void verify(
      JcaPrimitives primitives,
      Parameters parameters,
      byte[] key,
      BundleBlocks bundle,
      long target,
      long bibNumber,
      BlockProcessingFlags bibFlags,
      List<SecurityField> results) {
    byte[] expected = null;
    for (int i = 0; i < results.size(); i++) {
      SecurityField r = results.get(i);
      if (r.id() == RESULT_EXPECTED_HMAC && expected == null) {
        expected = r.asBytes("expected HMAC");
      } else {
        throw BpsecException.unknown(
            "BIB-HMAC-SHA2 result "
                + Long.toUnsignedString(r.id())
                + " for target "
                + Long.toUnsignedString(target)
                + " is unknown or repeated");
      }
    }
    if (expected == null) {
      throw BpsecException.missing(
          "BIB-HMAC-SHA2 has no expected HMAC for target " + Long.toUnsignedString(target));
    }
    byte[] actual = primitives.macOutput();
    hmac(
        primitives,
        parameters.variant(),
        key,
        bundle,
        target,
        parameters.scopeFlags(),
        bibNumber,
        bibFlags,
        actual);
    if (!equalInConstantTime(expected, actual, parameters.variant().algorithm().outputBytes())) {
      throw BpsecException.failed(
          "BIB-HMAC-SHA2 HMAC of target "
              + Long.toUnsignedString(target)
              + " in BIB "
              + Long.toUnsignedString(bibNumber)
              + " does not verify");
    }
  }

  /**
   * Whether {@code expected} equals the first {@code length} bytes of {@code actual}, in time that
   * depends only on the lengths (as {@link MessageDigest#isEqual}).
   */
  private static boolean equalInConstantTime(byte[] expected, byte[] actual, int length) {
    if (expected.length != length) {
      return false;
    }
    int diff = 0;
    for (int i = 0; i < length; i++) {
      diff |= expected[i] ^ actual[i];
    }
    return diff == 0;
  }

  private record Parts(
      byte[] prefix, byte[] contentHeader, byte[] primaryContent, CanonicalBlock block) {
    int contentLength() {
      if (primaryContent != null) {
        return primaryContent.length;
      }
      long length = block.dataSizeBytes();
      if (length > Integer.MAX_VALUE - 64) {
        throw BpsecException.failed(
            "the IPPT of "
                + block.describe()
                + ", "
                + length
                + " bytes of data in "
                + block.dataFile()
                + ", does not fit an array: the HMAC streams it (BibHmacSha2.hmac)");
      }
      return (int) length;
    }
  }

  private static Parts parts(
      BundleBlocks bundle, long target, int scope, long bibNumber, BlockProcessingFlags bibFlags) {
    CanonicalBlock block = null;
    if (target != 0) {
      block = bundle.block(target);
      if (block == null) {
        throw BpsecException.conflicting(
            "BIB "
                + Long.toUnsignedString(bibNumber)
                + " targets block "
                + Long.toUnsignedString(target)
                + ", which is not in the bundle (RFC 9172 §3.6)");
      }
    }
    boolean needPrimary = target == 0 || (scope & Canonical.PRIMARY_BLOCK) != 0;
    byte[] primary = needPrimary ? Canonical.primaryBlock(bundle.primary()) : new byte[0];
    byte[] prefix =
        Canonical.scopePrefix(
            scope, primary, block, BlockType.BLOCK_INTEGRITY, bibNumber, bibFlags);
    if (target == 0) {
      return new Parts(prefix, Canonical.byteStringHeader(primary.length), primary, null);
    }
    return new Parts(prefix, Canonical.byteStringHeader(block.dataSizeBytes()), null, block);
  }
}
