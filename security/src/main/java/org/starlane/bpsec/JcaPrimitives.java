package org.starlane.bpsec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.starlane.bp.bundle.PayloadFile;

/**
 * The cryptographic primitives of RFC 9173 through the JCA: HMAC-SHA-256/384/512 (RFC 2104),
 * AES-GCM with a 128-bit tag (NIST SP 800-38D) and AES key wrap (RFC 3394). Each primitive comes
 * from the JDK's own providers, whose AES-GCM and SHA-2 are intrinsified by HotSpot and measured
 * faster than Bouncy Castle's pure-Java engines (docs/performance.md, BPSec section); Bouncy Castle
 * is the fallback for an algorithm the running JDK lacks.
 *
 * <p>{@link Mac} and {@link Cipher} instances are created once and reused for every bundle; a MAC
 * is re-keyed only when the key changes. Confined to one thread (the agent's): give each thread its
 * own instance.
 */
public final class JcaPrimitives {
  private static final Logger LOG = LoggerFactory.getLogger(JcaPrimitives.class);

  /** AES-GCM's authentication tag length; RFC 9173 §4.3.2 requires 128 bits. */
  public static final int TAG_BYTES = 16;

  private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

  /** The HMAC algorithms of BIB-HMAC-SHA2. */
  public enum HmacAlgorithm {
    HMAC_SHA256("HmacSHA256", 32),
    HMAC_SHA384("HmacSHA384", 48),
    HMAC_SHA512("HmacSHA512", 64);

    private final String jcaName;
    private final int outputBytes;

    HmacAlgorithm(String jcaName, int outputBytes) {
      this.jcaName = jcaName;
      this.outputBytes = outputBytes;
    }

    public String jcaName() {
      return jcaName;
    }

    public int outputBytes() {
      return outputBytes;
    }
  }

  private final Provider macProvider;
  private final Provider gcmProvider;
  private final Map<HmacAlgorithm, Mac> macs = new EnumMap<>(HmacAlgorithm.class);
  private final Map<HmacAlgorithm, byte[]> macKeys = new EnumMap<>(HmacAlgorithm.class);
  private Cipher gcm;
  private byte[] lastEncryptKey;
  private byte[] lastEncryptIv;
  private Cipher keyWrap;
  private Cipher ctr;
  private Cipher ecb;

  /**
   * The longest file-backed target encrypted or decrypted with the JDK's GCM, whose message length
   * is an {@code int}; longer ones go through {@link StreamingGcm}.
   */
  private final long jdkGcmMaxBytes;

  /** The JDK's GCM limit: it throws beyond {@code Integer.MAX_VALUE} bytes of input. */
  static final long JDK_GCM_MAX_BYTES = Integer.MAX_VALUE - 64;

  /** Size of the reusable array that read-only block data is copied through (one page run). */
  static final int CHUNK_BYTES = 16 * 1024;

  private final ByteBuf scratch = Unpooled.buffer(256);
  private byte[] chunk;
  private final byte[] macOutput = new byte[64];

  /**
   * Primitives from the fastest provider of each (the JDK's, measured), Bouncy Castle otherwise.
   */
  public JcaPrimitives() {
    this(null, null);
  }

  /**
   * Primitives from the given providers; null means "the JDK's provider if it has the algorithm,
   * otherwise Bouncy Castle".
   */
  public JcaPrimitives(Provider macProvider, Provider gcmProvider) {
    this(macProvider, gcmProvider, JDK_GCM_MAX_BYTES);
  }

  /** With another limit for the JDK's GCM on file-backed targets (for tests of the other path). */
  JcaPrimitives(Provider macProvider, Provider gcmProvider, long jdkGcmMaxBytes) {
    this.macProvider = macProvider;
    this.gcmProvider = gcmProvider;
    this.jdkGcmMaxBytes = jdkGcmMaxBytes;
  }

  /** Whether a file-backed target of {@code bytes} bytes is left to the JDK's GCM. */
  boolean jdkGcmTakes(long bytes) {
    return bytes <= jdkGcmMaxBytes;
  }

  /** AES (one block at a time, ECB) keyed with {@code key}, for GCM's H and tag mask. */
  Cipher ecb(byte[] key) {
    try {
      if (ecb == null) {
        ecb =
            gcmProvider != null
                ? Cipher.getInstance("AES/ECB/NoPadding", gcmProvider)
                : cipherFromJdkOrBc("AES/ECB/NoPadding");
      }
      ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
      return ecb;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw BpsecException.failed("AES cannot start: " + e.getMessage(), e);
    }
  }

  /** Bouncy Castle's provider (not registered globally). */
  public static Provider bouncyCastle() {
    return BOUNCY_CASTLE;
  }

  /**
   * A reusable heap buffer, emptied, for the small CBOR items of an IPPT or AAD (scope flags,
   * headers, the primary block's canonical form). Valid until the next call; the backing array is
   * {@code scratch().array()} from offset 0.
   */
  ByteBuf scratch() {
    return scratch.clear();
  }

  /**
   * Feeds {@code data} (typically a block's read-only data view, which has no accessible array) to
   * {@code mac} through a reusable array: {@link Mac#update(ByteBuffer)} would allocate a temporary
   * array for every call.
   */
  void update(Mac mac, ByteBuffer data) {
    if (data.hasArray()) {
      mac.update(data);
      return;
    }
    byte[] c = chunk(Math.min(data.remaining(), CHUNK_BYTES));
    while (data.hasRemaining()) {
      int n = Math.min(data.remaining(), c.length);
      data.get(c, 0, n);
      mac.update(c, 0, n);
    }
  }

  /**
   * Feeds the bytes of a file region to {@code mac} in chunks of {@value PayloadFile#CHUNK_BYTES}
   * bytes: a payload of any size, never whole in the heap.
   *
   * @throws IOException if the file cannot be read or is shorter than the region
   */
  void update(Mac mac, PayloadFile data) throws IOException {
    data.read((buffer, length) -> mac.update(buffer.array(), 0, length));
  }

  /** A reusable array for a computed HMAC (64 bytes: the longest, HMAC-SHA-512). */
  byte[] macOutput() {
    return macOutput;
  }

  private byte[] chunk(int atLeast) {
    if (chunk == null || chunk.length < atLeast) {
      chunk = new byte[Math.max(atLeast, Math.min(CHUNK_BYTES, 1024))];
    }
    return chunk;
  }

  /** The HMAC instance for {@code algorithm}, keyed with {@code key}, reset. */
  public Mac mac(HmacAlgorithm algorithm, byte[] key) {
    Mac mac = macs.get(algorithm);
    try {
      if (mac == null) {
        mac =
            macProvider != null
                ? Mac.getInstance(algorithm.jcaName(), macProvider)
                : macFromJdkOrBc(algorithm.jcaName());
        macs.put(algorithm, mac);
      }
      byte[] current = macKeys.get(algorithm);
      if (current == null || !Arrays.equals(current, key)) {
        mac.init(new SecretKeySpec(key, algorithm.jcaName()));
        macKeys.put(algorithm, key.clone());
      } else {
        mac.reset();
      }
      return mac;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      macKeys.remove(algorithm);
      throw BpsecException.failed(algorithm.jcaName() + " unavailable or key unusable", e);
    }
  }

  private static Mac macFromJdkOrBc(String name) throws NoSuchAlgorithmException {
    try {
      return Mac.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      LOG.info("{} not in the JDK's providers: using Bouncy Castle", name);
      return Mac.getInstance(name, BOUNCY_CASTLE);
    }
  }

  private static Cipher cipherFromJdkOrBc(String name) throws GeneralSecurityException {
    try {
      return Cipher.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      LOG.info("{} not in the JDK's providers: using Bouncy Castle", name);
      return Cipher.getInstance(name, BOUNCY_CASTLE);
    }
  }

  private Cipher newGcm() throws GeneralSecurityException {
    return gcmProvider != null
        ? Cipher.getInstance("AES/GCM/NoPadding", gcmProvider)
        : cipherFromJdkOrBc("AES/GCM/NoPadding");
  }

  /**
   * An AES-GCM cipher ready to encrypt with {@code key} and {@code iv}; the caller adds AAD, then
   * the plaintext. RFC 9173 carries one IV per BCB, so a BCB with several targets encrypts each
   * with the same key and IV (Appendix A.4 does); the JDK's cipher refuses a repeated key and IV,
   * so a repeat gets a fresh instance. Policy-driven sources avoid the repeat (one BCB per target).
   */
  public Cipher gcmEncrypt(byte[] key, byte[] iv) {
    try {
      Cipher c = gcm;
      if (c == null) {
        c = gcm = newGcm();
      }
      if (Arrays.equals(key, lastEncryptKey) && Arrays.equals(iv, lastEncryptIv)) {
        c = newGcm();
      } else {
        lastEncryptKey = key.clone();
        lastEncryptIv = iv.clone();
      }
      return init(c, Cipher.ENCRYPT_MODE, key, iv);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw BpsecException.failed("AES-GCM encryption cannot start: " + e.getMessage(), e);
    }
  }

  private static Cipher init(Cipher gcm, int mode, byte[] key, byte[] iv)
      throws GeneralSecurityException {
    gcm.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, iv));
    return gcm;
  }

  /**
   * A new AES-GCM cipher instance ready to encrypt with {@code key} and {@code iv}, independent of
   * the reused one: for streaming a file-backed target, where one operation may need two ciphers
   * with the same key and IV ({@link BcbAesGcm}), and an instance costs little next to the file.
   */
  Cipher newGcmEncrypt(byte[] key, byte[] iv) {
    try {
      return init(newGcm(), Cipher.ENCRYPT_MODE, key, iv);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw BpsecException.failed("AES-GCM encryption cannot start: " + e.getMessage(), e);
    }
  }

  /** An AES-GCM cipher ready to decrypt with {@code key} and {@code iv}. */
  public Cipher gcmDecrypt(byte[] key, byte[] iv) {
    try {
      Cipher c = gcm;
      if (c == null) {
        c = gcm = newGcm();
      }
      // The JDK's cipher still remembers its last encryption key and IV after this (and refuses
      // them for the next encryption), so lastEncryptKey and lastEncryptIv stay as they are.
      return init(c, Cipher.DECRYPT_MODE, key, iv);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw BpsecException.failed("AES-GCM decryption cannot start: " + e.getMessage(), e);
    }
  }

  /**
   * An AES-CTR cipher (NIST SP 800-38A) with {@code key}, starting at {@code counterBlock} (16
   * bytes) and incrementing it as a 128-bit number. {@link BcbAesGcm} and {@link StreamingGcm} use
   * it for a file-backed GCM ciphertext, in chunks: GCM's keystream is CTR from inc32(J0); with a
   * 96-bit IV no block counter can wrap in a GCM message (at most 2^32 - 2 blocks), so the 128-bit
   * increment equals GCM's inc32 (StreamingGcm handles the wrap of other IV lengths).
   */
  Cipher ctr(byte[] key, byte[] counterBlock) {
    try {
      if (ctr == null) {
        ctr =
            gcmProvider != null
                ? Cipher.getInstance("AES/CTR/NoPadding", gcmProvider)
                : cipherFromJdkOrBc("AES/CTR/NoPadding");
      }
      ctr.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(counterBlock));
      return ctr;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw BpsecException.failed("AES-CTR cannot start: " + e.getMessage(), e);
    }
  }

  /**
   * Decrypts and authenticates {@code ciphertext} (without tag) with {@code tag}, after the AAD the
   * caller already gave {@code c}. The ciphertext and tag are copied once, into the array that then
   * holds the plaintext, and decrypted there in place in one {@code doFinal}: giving the ciphertext
   * to {@code update} would make the JDK's GCM buffer it (it releases no plaintext before the tag
   * is checked) in a growing array.
   *
   * @return the plaintext, a read-only view
   * @throws BpsecException (failed security operation) if the tag does not authenticate
   */
  public static ByteBuffer gcmFinishDecrypt(Cipher c, ByteBuffer ciphertext, byte[] tag) {
    int len = ciphertext.remaining();
    byte[] buf = new byte[len + tag.length];
    ciphertext.get(buf, 0, len);
    System.arraycopy(tag, 0, buf, len, tag.length);
    try {
      int n = c.doFinal(buf, 0, buf.length, buf, 0);
      if (n != len) {
        throw BpsecException.failed("AES-GCM returned " + n + " bytes for " + len);
      }
      return ByteBuffer.wrap(buf, 0, len).slice().asReadOnlyBuffer();
    } catch (AEADBadTagException e) {
      throw BpsecException.failed("AES-GCM authentication tag does not verify", e);
    } catch (GeneralSecurityException e) {
      throw BpsecException.failed("AES-GCM decryption failed: " + e.getMessage(), e);
    }
  }

  /** Wraps {@code key} with {@code kek} (AES key wrap, RFC 3394, default IV). */
  public byte[] wrapKey(byte[] kek, byte[] key) {
    try {
      Cipher c = keyWrap();
      c.init(Cipher.WRAP_MODE, new SecretKeySpec(kek, "AES"));
      return c.wrap(new SecretKeySpec(key, "AES"));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw BpsecException.failed("AES key wrap failed: " + e.getMessage(), e);
    }
  }

  /**
   * Unwraps {@code wrapped} with {@code kek} (RFC 3394 §2.2.2, integrity check included).
   *
   * @throws BpsecException (failed security operation) if the integrity check fails
   */
  public byte[] unwrapKey(byte[] kek, byte[] wrapped) {
    if (wrapped.length < 24 || wrapped.length % 8 != 0) {
      throw BpsecException.failed(
          "wrapped key of "
              + wrapped.length
              + " bytes: RFC 3394 needs a multiple of 8, at least 24");
    }
    try {
      Cipher c = keyWrap();
      c.init(Cipher.UNWRAP_MODE, new SecretKeySpec(kek, "AES"));
      return c.unwrap(wrapped, "AES", Cipher.SECRET_KEY).getEncoded();
    } catch (InvalidKeyException e) {
      throw BpsecException.failed("AES key unwrap failed (wrong key-encryption key?)", e);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw BpsecException.failed("AES key unwrap failed: " + e.getMessage(), e);
    }
  }

  private Cipher keyWrap() throws GeneralSecurityException {
    if (keyWrap == null) {
      keyWrap = cipherFromJdkOrBc("AESWrap");
    }
    return keyWrap;
  }

  /** The provider names in use, for logs and benchmarks. */
  public String describe() {
    return "MAC from "
        + (macProvider != null ? macProvider.getName() : "JDK (" + jdkProvider("HmacSHA256") + ")")
        + ", AES-GCM from "
        + (gcmProvider != null ? gcmProvider.getName() : "JDK (" + jdkProvider("AES/GCM") + ")");
  }

  private static String jdkProvider(String prefix) {
    for (Provider p : Security.getProviders()) {
      for (Provider.Service s : p.getServices()) {
        if (s.getAlgorithm().startsWith(prefix)) {
          return p.getName();
        }
      }
    }
    return "none";
  }
}
