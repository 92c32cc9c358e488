package org.starlane.bpsec;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import org.starlane.bp.bundle.BlockProcessingFlags;
import org.starlane.bp.bundle.BlockType;
import org.starlane.bp.bundle.CanonicalBlock;
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
      for (SecurityField p : asb.parameters()) {
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
   * with {@code bibFlags} (RFC 9173 §3.7).
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
    } else {
      parts.block.data().get(out, at, parts.block.dataLength());
    }
    return out;
  }

  /** The HMAC over the IPPT of {@code target}, streamed into the MAC without building the IPPT. */
  public static byte[] hmac(
      JcaPrimitives primitives,
      ShaVariant variant,
      byte[] key,
      BundleBlocks bundle,
      long target,
      int scope,
      long bibNumber,
      BlockProcessingFlags bibFlags) {
    Parts parts = parts(bundle, target, scope, bibNumber, bibFlags);
    Mac mac = primitives.mac(variant.algorithm(), key);
    mac.update(parts.prefix);
    mac.update(parts.contentHeader);
    if (parts.primaryContent != null) {
      mac.update(parts.primaryContent);
    } else {
      mac.update(parts.block.data());
    }
    byte[] out = new byte[variant.algorithm().outputBytes()];
    try {
      mac.doFinal(out, 0);
    } catch (ShortBufferException e) {
      throw new IllegalStateException(e);
    }
    return out;
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
    for (SecurityField r : results) {
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
    byte[] actual =
        hmac(
            primitives,
            parameters.variant(),
            key,
            bundle,
            target,
            parameters.scopeFlags(),
            bibNumber,
            bibFlags);
    if (!MessageDigest.isEqual(expected, actual)) {
      throw BpsecException.failed(
          "BIB-HMAC-SHA2 HMAC of target "
              + Long.toUnsignedString(target)
              + " in BIB "
              + Long.toUnsignedString(bibNumber)
              + " does not verify");
    }
  }

  private record Parts(
      byte[] prefix, byte[] contentHeader, byte[] primaryContent, CanonicalBlock block) {
    int contentLength() {
      return primaryContent != null ? primaryContent.length : block.dataLength();
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
    return new Parts(prefix, Canonical.byteStringHeader(block.dataLength()), null, block);
  }
}
