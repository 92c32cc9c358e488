package org.starlane.bpsec;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import org.bouncycastle.crypto.modes.gcm.GCMMultiplier;
import org.bouncycastle.crypto.modes.gcm.Tables8kGCMMultiplier;

/**
 * AES-GCM (NIST SP 800-38D §7) over a stream of any length up to GCM's own limit, for the
 * file-backed targets of {@link BcbAesGcm} that the JDK's GCM refuses: the JDK counts a message's
 * bytes in an {@code int} and throws beyond 2^31 - 1 bytes. Encryption and decryption both stream,
 * and decryption checks the tag without a second pass.
 *
 * <pre>
 *   H    = AES_K(0^128)
 *   J0   = IV || 0^31 || 1                              for a 96-bit IV
 *        = GHASH_H(IV || 0^(s+64) || [len(IV)]_64)       otherwise
 *   C    = P xor AES-CTR_K(inc32(J0), inc32(...), ...)  (the JDK's AES-CTR, intrinsified)
 *   S    = GHASH_H(A || 0^v || C || 0^u || [len(A)]_64 || [len(C)]_64)
 *   tag  = S xor AES_K(J0)
 * </pre>
 *
 * The JDK's CTR mode increments the whole 128-bit counter while GCM's inc32 wraps the low 32 bits
 * only; they differ only where the low 32 bits wrap, which can happen within one message only for
 * an IV that is not 96 bits long: there the counter is reset to the wrapped value. GHASH is Bouncy
 * Castle's 8 KiB-table multiplier (pure Java, about 0.55 GB/s on the machine of
 * docs/performance.md, which bounds this path); the JDK's intrinsified GHASH is not reachable
 * outside its GCM.
 *
 * <p>Confined to one thread; one instance per message.
 */
final class StreamingGcm {
  private static final int BLOCK_BYTES = 16;

  private final boolean encrypt;
  private Cipher ctr;
  private final byte[] key;
  private final byte[] counterPrefix;
  private final byte[] mask;
  private final GCMMultiplier multiplier = new Tables8kGCMMultiplier();
  private final byte[] hash = new byte[BLOCK_BYTES];
  private final byte[] partial = new byte[BLOCK_BYTES];
  private int partialBytes;
  private long aadBytes;
  private long textBytes;
  private boolean aadDone;
  private long bytesBeforeWrap;
  private final JcaPrimitives primitives;

  /**
   * @param encrypt true to encrypt (GHASH over the output), false to decrypt (GHASH over the input)
   */
  StreamingGcm(JcaPrimitives primitives, byte[] key, byte[] iv, boolean encrypt) {
    this(primitives, key, iv, null, encrypt);
  }

  /** As the other constructor, with {@code j0} instead of the IV's when not null (for tests). */
  StreamingGcm(JcaPrimitives primitives, byte[] key, byte[] iv, byte[] j0, boolean encrypt) {
    this.primitives = primitives;
    this.encrypt = encrypt;
    this.key = key.clone();
    Cipher ecb = primitives.ecb(key);
    multiplier.init(aes(ecb, new byte[BLOCK_BYTES]));
    if (j0 == null) {
      j0 = j0(iv);
    }
    mask = aes(ecb, j0);
    byte[] first = inc32(j0);
    counterPrefix = Arrays.copyOf(first, 12);
    bytesBeforeWrap = ((1L << 32) - low32(first)) * BLOCK_BYTES;
    ctr = primitives.ctr(key, first);
  }

  /** J0 (SP 800-38D §7.1 step 2). */
  private byte[] j0(byte[] iv) {
    if (iv.length == 12) {
      byte[] j0 = Arrays.copyOf(iv, BLOCK_BYTES);
      j0[15] = 1;
      return j0;
    }
    absorb(iv, 0, iv.length);
    flushPartial();
    byte[] lengths = new byte[BLOCK_BYTES];
    putLong(lengths, 8, iv.length * 8L);
    absorb(lengths, 0, BLOCK_BYTES);
    byte[] j0 = hash.clone();
    Arrays.fill(hash, (byte) 0);
    return j0;
  }

  /** Adds additional authenticated data; all of it comes before the first {@link #update}. */
  void updateAad(byte[] aad, int offset, int length) {
    if (aadDone) {
      throw new IllegalStateException("AAD after the text");
    }
    absorb(aad, offset, length);
    aadBytes += length;
  }

  /**
   * Encrypts or decrypts {@code length} bytes of {@code input} into {@code output} (from index 0,
   * not the same array), which get exactly as many bytes.
   *
   * @return {@code length}
   */
  int update(byte[] input, int offset, int length, byte[] output) {
    if (!aadDone) {
      flushPartial();
      aadDone = true;
    }
    if (!encrypt) {
      absorb(input, offset, length);
    }
    int done = 0;
    while (done < length) {
      if (bytesBeforeWrap == 0) {
        // inc32 wraps here; the JDK's counter would carry into the IV bits
        ctr = primitives.ctr(key, Arrays.copyOf(counterPrefix, BLOCK_BYTES));
        bytesBeforeWrap = (1L << 32) * BLOCK_BYTES;
      }
      int n = (int) Math.min(length - done, bytesBeforeWrap);
      try {
        int produced = ctr.update(input, offset + done, n, output, done);
        if (produced != n) {
          throw new IllegalStateException("AES-CTR returned " + produced + " bytes for " + n);
        }
      } catch (ShortBufferException e) {
        throw new IllegalStateException(e);
      }
      done += n;
      bytesBeforeWrap -= n;
    }
    if (encrypt) {
      absorb(output, 0, length);
    }
    textBytes += length;
    return length;
  }

  /** The authentication tag of everything given so far (call once, at the end). */
  byte[] tag() {
    if (!aadDone) {
      flushPartial();
      aadDone = true;
    }
    flushPartial();
    byte[] lengths = new byte[BLOCK_BYTES];
    putLong(lengths, 0, aadBytes * 8);
    putLong(lengths, 8, textBytes * 8);
    absorb(lengths, 0, BLOCK_BYTES);
    byte[] tag = hash.clone();
    for (int i = 0; i < BLOCK_BYTES; i++) {
      tag[i] ^= mask[i];
    }
    return tag;
  }

  /** Feeds bytes to GHASH, keeping a partial block for the next call. */
  private void absorb(byte[] bytes, int offset, int length) {
    int at = offset;
    int end = offset + length;
    if (partialBytes > 0) {
      int n = Math.min(BLOCK_BYTES - partialBytes, length);
      System.arraycopy(bytes, at, partial, partialBytes, n);
      partialBytes += n;
      at += n;
      if (partialBytes < BLOCK_BYTES) {
        return;
      }
      block(partial, 0);
      partialBytes = 0;
    }
    for (; end - at >= BLOCK_BYTES; at += BLOCK_BYTES) {
      block(bytes, at);
    }
    partialBytes = end - at;
    System.arraycopy(bytes, at, partial, 0, partialBytes);
  }

  /** GHASH of a last partial block, padded with zeros. */
  private void flushPartial() {
    if (partialBytes > 0) {
      Arrays.fill(partial, partialBytes, BLOCK_BYTES, (byte) 0);
      block(partial, 0);
      partialBytes = 0;
    }
  }

  private void block(byte[] bytes, int at) {
    for (int i = 0; i < BLOCK_BYTES; i++) {
      hash[i] ^= bytes[at + i];
    }
    multiplier.multiplyH(hash);
  }

  private static byte[] aes(Cipher ecb, byte[] block) {
    try {
      return ecb.doFinal(block);
    } catch (GeneralSecurityException e) {
      throw BpsecException.failed("AES failed: " + e.getMessage(), e);
    }
  }

  /** inc32 (SP 800-38D §6.2): the low 32 bits plus one, modulo 2^32. */
  private static byte[] inc32(byte[] block) {
    byte[] next = block.clone();
    long low = (low32(block) + 1) & 0xffffffffL;
    for (int i = 0; i < 4; i++) {
      next[15 - i] = (byte) (low >>> (8 * i));
    }
    return next;
  }

  private static long low32(byte[] block) {
    long v = 0;
    for (int i = 12; i < 16; i++) {
      v = (v << 8) | (block[i] & 0xff);
    }
    return v;
  }

  private static void putLong(byte[] to, int at, long value) {
    for (int i = 0; i < 8; i++) {
      to[at + 7 - i] = (byte) (value >>> (8 * i));
    }
  }
}
