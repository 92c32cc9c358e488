package org.starlane.bpsec;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.ProviderException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import org.starlane.bp.bundle.BlockProcessingFlags;
import org.starlane.bp.bundle.BlockType;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.PayloadFile;

/**
 * The BCB-AES-GCM security context (RFC 9173 §4, context id 2): AES-GCM encryption of each target's
 * block-type-specific data in place, with the 128-bit authentication tag as a security result.
 *
 * <pre>
 *   parameters: [1, IV: byte string, 8..16 bytes (12 recommended)]
 *               [2, AES variant: 1 = A128GCM, 3 = A256GCM (default)]
 *               [3, wrapped key: AES key wrap (RFC 3394) of the content-encryption key] -- optional
 *               [4, AAD scope flags: bit 0 primary, 1 target header, 2 security header; default 7]
 *   results:    [1, authentication tag: byte string, 16 bytes]                         -- per target
 *   plaintext:  the target's block-type-specific data, without its CBOR byte string header (§4.7.1)
 *   AAD:        scope | ?primary | ?target header | ?BCB header (§4.7.2)
 * </pre>
 *
 * <p>A file-backed target (a payload of any size, docs/bundle-protocol.md "Large payloads") is
 * encrypted and decrypted streaming, into a new file ({@link #seal}, {@link #open}).
 *
 * <p>Stateless and thread-safe; the {@link JcaPrimitives} passed in are the caller's.
 */
public final class BcbAesGcm {
  public static final long CONTEXT_ID = 2;
  public static final long PARAMETER_IV = 1;
  public static final long PARAMETER_AES_VARIANT = 2;
  public static final long PARAMETER_WRAPPED_KEY = 3;
  public static final long PARAMETER_AAD_SCOPE_FLAGS = 4;
  public static final long RESULT_AUTHENTICATION_TAG = 1;

  private BcbAesGcm() {}

  /** AES variant parameter values (RFC 9173 §4.3.2, Table 4). */
  public enum AesVariant {
    A128GCM(1, 16),
    A256GCM(3, 32);

    private final long code;
    private final int keyBytes;

    AesVariant(long code, int keyBytes) {
      this.code = code;
      this.keyBytes = keyBytes;
    }

    public long code() {
      return code;
    }

    public int keyBytes() {
      return keyBytes;
    }

    /**
     * The variant with {@code code}.
     *
     * @throws BpsecException (unknown security operation) for another code
     */
    public static AesVariant fromCode(long code) {
      for (AesVariant v : values()) {
        if (v.code == code) {
          return v;
        }
      }
      throw BpsecException.unknown(
          "BCB-AES-GCM AES variant " + Long.toUnsignedString(code) + " is not 1 or 3");
    }
  }

  /**
   * The parameters of one BCB-AES-GCM block.
   *
   * @param iv initialization vector, 8..16 bytes
   * @param variant AES variant
   * @param wrappedKey the wrapped content-encryption key, or null when it comes from policy
   * @param aadScopeFlags AAD scope flags, 0..65535
   */
  public record Parameters(byte[] iv, AesVariant variant, byte[] wrappedKey, int aadScopeFlags) {
    public Parameters {
      Objects.requireNonNull(variant, "variant");
      if (iv.length < 8 || iv.length > 16) {
        throw new IllegalArgumentException(
            "IV of " + iv.length + " bytes: RFC 9173 §4.3.1 requires 8 to 16");
      }
      iv = iv.clone();
      if (aadScopeFlags < 0 || aadScopeFlags > 0xffff) {
        throw new IllegalArgumentException(
            "AAD scope flags " + aadScopeFlags + " outside 0..65535");
      }
      wrappedKey = wrappedKey == null ? null : wrappedKey.clone();
    }

    @Override
    public byte[] iv() {
      return iv.clone();
    }

    @Override
    public byte[] wrappedKey() {
      return wrappedKey == null ? null : wrappedKey.clone();
    }

    /**
     * The parameters an ASB carries, with the defaults of RFC 9173 §4.3.5 for absent ones.
     *
     * @throws BpsecException (missing security operation) without an IV, (unknown security
     *     operation) for an unknown parameter id or value
     */
    public static Parameters of(AbstractSecurityBlock asb) {
      byte[] iv = null;
      AesVariant variant = AesVariant.A256GCM;
      byte[] wrapped = null;
      long scope = Canonical.ALL;
      long seen = 0;
      for (SecurityField p : asb.parameters()) {
        if (p.id() >= 1 && p.id() <= 4) {
          if ((seen & (1L << p.id())) != 0) {
            throw BpsecException.conflicting(
                "BCB-AES-GCM parameter " + p.id() + " is given twice (RFC 9172 §3.10)");
          }
          seen |= 1L << p.id();
        }
        if (p.id() == PARAMETER_IV) {
          iv = p.asBytes("initialization vector");
        } else if (p.id() == PARAMETER_AES_VARIANT) {
          variant = AesVariant.fromCode(p.asUnsigned("AES variant"));
        } else if (p.id() == PARAMETER_WRAPPED_KEY) {
          wrapped = p.asBytes("wrapped key");
        } else if (p.id() == PARAMETER_AAD_SCOPE_FLAGS) {
          scope = p.asUnsigned("AAD scope flags");
          Canonical.checkScope(scope, "AAD scope flags");
        } else {
          throw BpsecException.unknown(
              "BCB-AES-GCM has no parameter " + Long.toUnsignedString(p.id()));
        }
      }
      if (iv == null) {
        throw BpsecException.missing("BCB-AES-GCM block has no IV parameter (RFC 9173 §4.8.2)");
      }
      if (iv.length < 8 || iv.length > 16) {
        throw BpsecException.unintelligible(
            "BCB-AES-GCM IV of " + iv.length + " bytes: RFC 9173 §4.3.1 requires 8 to 16");
      }
      return new Parameters(iv, variant, wrapped, (int) scope);
    }

    /** The parameters as ASB fields, in id order; all of them explicit (as RFC 9173 App. A). */
    public List<SecurityField> fields() {
      List<SecurityField> f = new ArrayList<>(4);
      f.add(SecurityField.ofBytes(PARAMETER_IV, iv));
      f.add(SecurityField.ofUnsigned(PARAMETER_AES_VARIANT, variant.code()));
      if (wrappedKey != null) {
        f.add(SecurityField.ofBytes(PARAMETER_WRAPPED_KEY, wrappedKey));
      }
      f.add(SecurityField.ofUnsigned(PARAMETER_AAD_SCOPE_FLAGS, aadScopeFlags));
      return f;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Parameters p
          && Arrays.equals(p.iv, iv)
          && p.variant == variant
          && Arrays.equals(p.wrappedKey, wrappedKey)
          && p.aadScopeFlags == aadScopeFlags;
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(iv) * 31 + variant.hashCode();
    }

    @Override
    public String toString() {
      return "BCB-AES-GCM["
          + variant
          + ", AAD scope "
          + aadScopeFlags
          + (wrappedKey != null ? ", wrapped key" : "")
          + "]";
    }
  }

  /**
   * The ciphertext of one target (a read-only view, not copied out of the cipher's output) and its
   * authentication tag.
   */
  public record Encrypted(ByteBuffer ciphertext, byte[] tag) {
    public Encrypted {
      ciphertext = ciphertext.asReadOnlyBuffer();
      tag = tag.clone();
    }

    @Override
    public ByteBuffer ciphertext() {
      return ciphertext.duplicate();
    }

    @Override
    public byte[] tag() {
      return tag.clone();
    }
  }

  /**
   * The AAD for {@code target} (never the primary block, RFC 9172 §3.8) in a BCB numbered {@code
   * bcbNumber} with {@code bcbFlags} (RFC 9173 §4.7.2).
   */
  public static byte[] aad(
      BundleBlocks bundle,
      CanonicalBlock target,
      int scope,
      long bcbNumber,
      BlockProcessingFlags bcbFlags) {
    byte[] primary =
        (scope & Canonical.PRIMARY_BLOCK) != 0
            ? Canonical.primaryBlock(bundle.primary())
            : new byte[0];
    return Canonical.scopePrefix(
        scope, primary, target, BlockType.BLOCK_CONFIDENTIALITY, bcbNumber, bcbFlags);
  }

  /** Encrypts {@code target}'s data with {@code key} (length checked against the variant). */
  public static Encrypted encrypt(
      JcaPrimitives primitives,
      Parameters parameters,
      byte[] key,
      byte[] aad,
      ByteBuffer plaintext) {
    checkKey(parameters, key);
    Cipher c = primitives.gcmEncrypt(key, parameters.iv);
    c.updateAAD(aad);
    return seal(c, plaintext);
  }

  /** The AAD (RFC 9173 §4.7.2), written into the primitives' scratch buffer (array from 0). */
  private static ByteBuf aad(
      JcaPrimitives primitives,
      BundleBlocks bundle,
      CanonicalBlock target,
      int scope,
      long bcbNumber,
      BlockProcessingFlags bcbFlags) {
    ByteBuf s = primitives.scratch();
    Canonical.writeScopePrefix(
        s, scope, bundle.primary(), target, BlockType.BLOCK_CONFIDENTIALITY, bcbNumber, bcbFlags);
    return s;
  }

  /**
   * Copies the plaintext into the one array the result needs (ciphertext then tag) and encrypts it
   * there in place: the JCA would otherwise copy a read-only input into a temporary array first.
   */
  private static Encrypted seal(Cipher c, ByteBuffer plaintext) {
    int len = plaintext.remaining();
    byte[] out = new byte[len + JcaPrimitives.TAG_BYTES];
    plaintext.get(out, 0, len);
    try {
      int n = c.doFinal(out, 0, len, out, 0);
      if (n != out.length) {
        throw BpsecException.failed("AES-GCM returned " + n + " bytes for " + out.length);
      }
    } catch (GeneralSecurityException e) {
      throw BpsecException.failed("AES-GCM encryption failed: " + e.getMessage(), e);
    }
    return new Encrypted(
        ByteBuffer.wrap(out, 0, len).slice(), Arrays.copyOfRange(out, len, out.length));
  }

  /**
   * Decrypts and authenticates {@code ciphertext}.
   *
   * @return the plaintext, a read-only view
   * @throws BpsecException (failed security operation) if it does not authenticate
   */
  public static ByteBuffer decrypt(
      JcaPrimitives primitives,
      Parameters parameters,
      byte[] key,
      byte[] aad,
      ByteBuffer ciphertext,
      byte[] tag) {
    checkKey(parameters, key);
    checkTag(tag);
    Cipher c = primitives.gcmDecrypt(key, parameters.iv);
    c.updateAAD(aad);
    return JcaPrimitives.gcmFinishDecrypt(c, ciphertext, tag);
  }

  /**
   * Makes the new file that receives the new data of a file-backed target, fills it with {@code
   * writer}, and returns it as a region; {@link SecurityOperations} decides where the file goes and
   * deletes it again if {@code writer} fails.
   */
  @FunctionalInterface
  interface NewFile {
    PayloadFile write(CanonicalBlock target, String what, ChannelWriter writer);
  }

  /** Writes a target's new data (ciphertext or plaintext, as long as the old) to a new file. */
  @FunctionalInterface
  interface ChannelWriter {
    void write(WritableByteChannel out) throws IOException;
  }

  /** A target with its data encrypted (in memory, or in a new file) and its authentication tag. */
  record Sealed(CanonicalBlock target, byte[] tag) {}

  /**
   * Encrypts {@code target} of {@code bundle} for a BCB numbered {@code bcbNumber} with {@code
   * bcbFlags}; the AAD (RFC 9173 §4.7.2) is written into the primitives' scratch buffer, not built
   * as an array.
   *
   * <p>A file-backed target (a payload of any size) is encrypted streaming, into {@code newFile}:
   * the plaintext is read from its file region in chunks and the ciphertext written as it comes;
   * neither is ever whole in the heap. Up to 2 GiB the JDK's GCM encrypts with {@code update};
   * beyond, where the JDK refuses, {@link StreamingGcm}.
   */
  static Sealed seal(
      JcaPrimitives primitives,
      Parameters parameters,
      byte[] key,
      BundleBlocks bundle,
      CanonicalBlock target,
      long bcbNumber,
      BlockProcessingFlags bcbFlags,
      NewFile newFile) {
    checkKey(parameters, key);
    checkLength(target);
    ByteBuf aad = aad(primitives, bundle, target, parameters.aadScopeFlags, bcbNumber, bcbFlags);
    if (!target.isFileBacked()) {
      Cipher c = primitives.gcmEncrypt(key, parameters.iv);
      c.updateAAD(aad.array(), aad.arrayOffset(), aad.writerIndex());
      Encrypted e = seal(c, target.data());
      return new Sealed(target.withData(e.ciphertext()), e.tag());
    }
    byte[][] tag = new byte[1][];
    byte[] output = new byte[STREAM_BUFFER_BYTES];
    PayloadFile ciphertext;
    if (primitives.jdkGcmTakes(target.dataSizeBytes())) {
      Cipher c = primitives.newGcmEncrypt(key, parameters.iv);
      c.updateAAD(aad.array(), aad.arrayOffset(), aad.writerIndex());
      ciphertext =
          newFile.write(
              target,
              "encrypt",
              out -> {
                transform(target, out, output, (in, n) -> update(c, in, n, output));
                int n = doFinal(c, output);
                write(out, output, n - JcaPrimitives.TAG_BYTES);
                tag[0] = Arrays.copyOfRange(output, n - JcaPrimitives.TAG_BYTES, n);
              });
    } else {
      StreamingGcm g = new StreamingGcm(primitives, key, parameters.iv, true);
      g.updateAad(aad.array(), aad.arrayOffset(), aad.writerIndex());
      ciphertext =
          newFile.write(
              target,
              "encrypt",
              out -> {
                transform(target, out, output, (in, n) -> g.update(in, 0, n, output));
                tag[0] = g.tag();
              });
    }
    return new Sealed(target.withData(ciphertext), tag[0]);
  }

  /**
   * Decrypts and authenticates {@code target} of {@code bundle}, which a BCB numbered {@code
   * bcbNumber} with {@code bcbFlags} encrypts; the AAD goes through the scratch buffer.
   *
   * <p>A file-backed target is decrypted into {@code newFile}, in one streaming pass over the
   * ciphertext, never whole in the heap. The JDK's GCM decryption cannot stream: it releases no
   * plaintext before the tag check, so it buffers the whole ciphertext until {@code doFinal}.
   * Instead, up to 2 GiB, each chunk is decrypted with GCM's keystream (AES-CTR from inc32(J0),
   * NIST SP 800-38D §7.2: with the usual 96-bit IV the first counter block is IV || 00000002; other
   * IV lengths take the keystream of a GCM encryption with the same key and IV), written to the new
   * file, and fed to a second JDK GCM cipher that encrypts it again under the same key, IV and AAD,
   * its output discarded: re-encrypting the recovered plaintext gives the received ciphertext back,
   * so its tag is the tag of the received ciphertext, compared in constant time at the end.
   * Measured on a 64 MiB file (docs/bpsec.md, "Large payloads"), this ran at 1.7 GB/s against 0.12
   * GB/s for Bouncy Castle's streaming GCM (pure-Java AES), because the JDK's AES and GHASH are
   * intrinsified. Beyond 2 GiB, where the JDK's GCM refuses, {@link StreamingGcm} decrypts (JDK
   * AES-CTR, GHASH in Java). The new file holds plaintext that is not authenticated until the tag
   * is checked; {@code newFile} deletes it when the check fails, so no bundle ever refers to it.
   *
   * @return the target with its plaintext: a read-only view, or the new file
   * @throws BpsecException (failed security operation) if it does not authenticate
   */
  static CanonicalBlock open(
      JcaPrimitives primitives,
      Parameters parameters,
      byte[] key,
      BundleBlocks bundle,
      CanonicalBlock target,
      long bcbNumber,
      BlockProcessingFlags bcbFlags,
      byte[] tag,
      NewFile newFile) {
    checkKey(parameters, key);
    checkTag(tag);
    checkLength(target);
    ByteBuf aad = aad(primitives, bundle, target, parameters.aadScopeFlags, bcbNumber, bcbFlags);
    if (!target.isFileBacked()) {
      Cipher c = primitives.gcmDecrypt(key, parameters.iv);
      c.updateAAD(aad.array(), aad.arrayOffset(), aad.writerIndex());
      return target.withData(JcaPrimitives.gcmFinishDecrypt(c, target.data(), tag));
    }
    byte[] plaintext = new byte[STREAM_BUFFER_BYTES];
    if (!primitives.jdkGcmTakes(target.dataSizeBytes())) {
      StreamingGcm g = new StreamingGcm(primitives, key, parameters.iv, false);
      g.updateAad(aad.array(), aad.arrayOffset(), aad.writerIndex());
      return target.withData(
          newFile.write(
              target,
              "decrypt",
              out -> {
                transform(target, out, plaintext, (in, n) -> g.update(in, 0, n, plaintext));
                checkTag(g.tag(), tag);
              }));
    }
    boolean counterMode = parameters.iv.length == 12;
    Cipher keystream =
        counterMode
            ? primitives.ctr(key, firstCounterBlock(parameters.iv))
            : primitives.newGcmEncrypt(key, parameters.iv);
    Cipher check = primitives.newGcmEncrypt(key, parameters.iv);
    check.updateAAD(aad.array(), aad.arrayOffset(), aad.writerIndex());
    byte[] discarded = new byte[STREAM_BUFFER_BYTES];
    return target.withData(
        newFile.write(
            target,
            "decrypt",
            out -> {
              transform(
                  target,
                  out,
                  plaintext,
                  (in, length) -> {
                    int n = update(keystream, in, length, plaintext);
                    update(check, plaintext, n, discarded);
                    return n;
                  });
              int n = doFinal(keystream, plaintext);
              if (!counterMode) {
                n -= JcaPrimitives.TAG_BYTES; // the keystream cipher's own tag, meaningless here
              }
              write(out, plaintext, n);
              update(check, plaintext, n, discarded);
              int m = doFinal(check, discarded);
              checkTag(Arrays.copyOfRange(discarded, m - JcaPrimitives.TAG_BYTES, m), tag);
            }));
  }

  /** What one chunk becomes: {@code length} bytes of {@code input} into the output array. */
  @FunctionalInterface
  private interface ChunkTransform {
    /** Returns how many bytes the output array holds now. */
    int apply(byte[] input, int length);
  }

  /**
   * Reads {@code target}'s file region in chunks, transforms each into {@code output} and writes
   * what it produced to {@code out}.
   */
  private static void transform(
      CanonicalBlock target, WritableByteChannel out, byte[] output, ChunkTransform t)
      throws IOException {
    target.dataFile().read((buffer, length) -> write(out, output, t.apply(buffer.array(), length)));
  }

  private static void checkTag(byte[] computed, byte[] received) {
    if (!MessageDigest.isEqual(computed, received)) {
      throw BpsecException.failed("AES-GCM authentication tag does not verify");
    }
  }

  /**
   * Room for the output of one chunk: a GCM cipher may hand out up to 15 bytes it held back from
   * the previous chunk, and its {@code doFinal} adds the tag.
   */
  private static final int STREAM_BUFFER_BYTES = PayloadFile.CHUNK_BYTES + 64;

  /** The longest plaintext GCM takes: 2^39 - 256 bits (NIST SP 800-38D §5.2.1.1). */
  static final long MAX_PLAINTEXT_BYTES = (1L << 36) - 32;

  private static void checkLength(CanonicalBlock target) {
    if (target.dataSizeBytes() > MAX_PLAINTEXT_BYTES) {
      throw BpsecException.failed(
          target.describe()
              + " has "
              + target.dataSizeBytes()
              + " bytes of data, more than the "
              + MAX_PLAINTEXT_BYTES
              + " that AES-GCM can protect (NIST SP 800-38D §5.2.1.1)");
    }
  }

  /** GCM's first counter block for the plaintext with a 96-bit IV: inc32(J0) = IV || 00000002. */
  private static byte[] firstCounterBlock(byte[] iv) {
    byte[] counter = new byte[16];
    System.arraycopy(iv, 0, counter, 0, 12);
    counter[15] = 2;
    return counter;
  }

  private static int update(Cipher c, byte[] input, int length, byte[] output) {
    try {
      return c.update(input, 0, length, output, 0);
    } catch (ShortBufferException e) {
      throw new IllegalStateException("stream buffer too small", e);
    } catch (ProviderException e) {
      throw BpsecException.failed(c.getAlgorithm() + " failed: " + e.getMessage(), e);
    }
  }

  private static int doFinal(Cipher c, byte[] output) {
    try {
      return c.doFinal(output, 0);
    } catch (GeneralSecurityException | ProviderException e) {
      throw BpsecException.failed(c.getAlgorithm() + " failed: " + e.getMessage(), e);
    }
  }

  private static void write(WritableByteChannel out, byte[] bytes, int length) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes, 0, length);
    while (b.hasRemaining()) {
      out.write(b);
    }
  }

  private static void checkTag(byte[] tag) {
    if (tag.length != JcaPrimitives.TAG_BYTES) {
      throw BpsecException.failed(
          "authentication tag of " + tag.length + " bytes: RFC 9173 §4.4.1 requires 16");
    }
  }

  /** The authentication tag among a target's results. */
  static byte[] tag(List<SecurityField> results, long target) {
    byte[] tag = null;
    for (SecurityField r : results) {
      if (r.id() == RESULT_AUTHENTICATION_TAG && tag == null) {
        tag = r.asBytes("authentication tag");
      } else {
        throw BpsecException.unknown(
            "BCB-AES-GCM result "
                + Long.toUnsignedString(r.id())
                + " for target "
                + Long.toUnsignedString(target)
                + " is unknown or repeated");
      }
    }
    if (tag == null) {
      throw BpsecException.missing(
          "BCB-AES-GCM has no authentication tag for target "
              + Long.toUnsignedString(target)
              + " (tags inside the ciphertext are not supported)");
    }
    return tag;
  }

  private static void checkKey(Parameters parameters, byte[] key) {
    if (key.length != parameters.variant().keyBytes()) {
      throw BpsecException.failed(
          "a "
              + key.length
              + "-byte key for "
              + parameters.variant()
              + ", which needs "
              + parameters.variant().keyBytes());
    }
  }
}
