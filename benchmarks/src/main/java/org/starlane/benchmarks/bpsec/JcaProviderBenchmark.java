package org.starlane.benchmarks.bpsec;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.starlane.benchmarks.BytesProcessed;
import org.starlane.bpsec.JcaPrimitives;

/**
 * The raw JCA primitives of RFC 9173 per provider: HMAC-SHA-256 over {@code hmacBytes} and
 * AES-256-GCM encryption of {@code gcmBytes}, each with a reused instance, from the JDK's default
 * provider ({@code jdk}, SunJCE: HotSpot intrinsics for SHA-256, AES and GHASH) or Bouncy Castle
 * ({@code bc}, pure Java). The measurement behind {@link JcaPrimitives}' choice of providers.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class JcaProviderBenchmark {
  @Param({"jdk", "bc"})
  public String provider;

  @Param({"1024"})
  public int hmacBytes;

  @Param({"65536"})
  public int gcmBytes;

  Mac mac;
  Cipher gcm;
  SecretKeySpec aesKey;
  byte[] hmacInput;
  byte[] gcmInput;
  byte[] gcmOutput;
  byte[] macOutput = new byte[32];
  byte[] iv = new byte[12];
  long counter;

  @Setup(Level.Trial)
  public void setUp() throws GeneralSecurityException {
    Provider p = provider.equals("bc") ? JcaPrimitives.bouncyCastle() : null;
    mac = p == null ? Mac.getInstance("HmacSHA256") : Mac.getInstance("HmacSHA256", p);
    mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
    gcm =
        p == null
            ? Cipher.getInstance("AES/GCM/NoPadding")
            : Cipher.getInstance("AES/GCM/NoPadding", p);
    aesKey = new SecretKeySpec(new byte[32], "AES");
    SplittableRandom r = new SplittableRandom(7);
    hmacInput = new byte[hmacBytes];
    r.nextBytes(hmacInput);
    gcmInput = new byte[gcmBytes];
    r.nextBytes(gcmInput);
    gcmOutput = new byte[gcmBytes + 16];
  }

  @Benchmark
  public byte[] hmacSha256(BytesProcessed bytes) throws GeneralSecurityException {
    bytes.bytes += hmacBytes;
    mac.update(hmacInput);
    mac.doFinal(macOutput, 0);
    return macOutput;
  }

  @Benchmark
  public byte[] aes256GcmEncrypt(BytesProcessed bytes) throws GeneralSecurityException {
    bytes.bytes += gcmBytes;
    ByteBuffer.wrap(iv).putLong(4, ++counter); // a fresh IV each time: the JDK refuses reuse
    gcm.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(128, iv));
    gcm.updateAAD(iv);
    gcm.doFinal(gcmInput, 0, gcmBytes, gcmOutput, 0);
    return gcmOutput;
  }
}
