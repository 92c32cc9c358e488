package org.starlane.bpsec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * {@link StreamingGcm} is AES-GCM (NIST SP 800-38D): the same ciphertext and tag as the JDK's GCM
 * for every key size, IV length (8..16 bytes, as RFC 9173 §4.3.1 allows), AAD and text, however the
 * text is cut into pieces; decryption gives the text back and the same tag; and its counter wraps
 * in the low 32 bits only (inc32), where the JDK's CTR mode would carry into the IV bits.
 */
class StreamingGcmProperties {
  final JcaPrimitives primitives = new JcaPrimitives();

  static byte[] jdkGcm(byte[] key, byte[] iv, byte[] aad, byte[] text) throws Exception {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
    c.updateAAD(aad);
    return c.doFinal(text);
  }

  /** Runs {@code text} through {@code g} in pieces of at most {@code piece} bytes. */
  static byte[] run(StreamingGcm g, byte[] text, int piece) {
    byte[] out = new byte[text.length];
    byte[] buffer = new byte[piece];
    for (int at = 0; at < text.length; at += piece) {
      int n = Math.min(piece, text.length - at);
      g.update(text, at, n, buffer);
      System.arraycopy(buffer, 0, out, at, n);
    }
    return out;
  }

  @Property(tries = 500)
  void encryptsAndDecryptsAsTheJdksGcm(
      @ForAll boolean aes256,
      @ForAll @Size(min = 8, max = 16) byte[] iv,
      @ForAll @Size(max = 70) byte[] aad,
      @ForAll @Size(max = 600) byte[] text,
      @ForAll @IntRange(min = 1, max = 100) int piece,
      @ForAll @IntRange(min = 0, max = 255) int keyByte)
      throws Exception {
    byte[] key = new byte[aes256 ? 32 : 16];
    Arrays.fill(key, (byte) keyByte);
    byte[] expected = jdkGcm(key, iv, aad, text);

    StreamingGcm encrypt = new StreamingGcm(primitives, key, iv, true);
    encrypt.updateAad(aad, 0, aad.length);
    byte[] ciphertext = run(encrypt, text, piece);
    assertThat(ciphertext).isEqualTo(Arrays.copyOf(expected, text.length));
    assertThat(encrypt.tag()).isEqualTo(Arrays.copyOfRange(expected, text.length, expected.length));

    StreamingGcm decrypt = new StreamingGcm(primitives, key, iv, false);
    decrypt.updateAad(aad, 0, aad.length);
    assertThat(run(decrypt, ciphertext, piece)).isEqualTo(text);
    assertThat(decrypt.tag()).isEqualTo(Arrays.copyOfRange(expected, text.length, expected.length));
  }

  @Example
  void theCounterWrapsInItsLow32BitsOnly() throws Exception {
    byte[] key = new byte[16];
    Arrays.fill(key, (byte) 3);
    byte[] j0 = new byte[16];
    Arrays.fill(j0, 0, 12, (byte) 0x5c);
    Arrays.fill(j0, 12, 16, (byte) 0xff);
    j0[15] = (byte) 0xfe; // inc32(J0) = ...ffffffff, then ...00000000, ...00000001
    byte[] text = new byte[3 * 16 + 5];
    StreamingGcm g = new StreamingGcm(primitives, key, new byte[12], j0, true);
    byte[] keystream = run(g, text, 7);

    Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
    ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
    byte[] expected = new byte[4 * 16];
    long[] low = {0xffffffffL, 0, 1, 2};
    for (int i = 0; i < 4; i++) {
      byte[] counter = Arrays.copyOf(j0, 16);
      for (int b = 0; b < 4; b++) {
        counter[15 - b] = (byte) (low[i] >>> (8 * b));
      }
      System.arraycopy(ecb.doFinal(counter), 0, expected, 16 * i, 16);
    }
    assertThat(keystream).isEqualTo(Arrays.copyOf(expected, text.length));
  }
}
