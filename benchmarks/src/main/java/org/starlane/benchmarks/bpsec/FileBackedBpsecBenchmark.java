package org.starlane.benchmarks.bpsec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.starlane.benchmarks.BytesProcessed;
import org.starlane.benchmarks.TemporaryDirectory;
import org.starlane.bp.bundle.BlockProcessingFlags;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.PayloadFile;
import org.starlane.bpsec.BcbAesGcm.AesVariant;
import org.starlane.bpsec.BibHmacSha2.ShaVariant;
import org.starlane.bpsec.BundleBlocks;
import org.starlane.bpsec.SecurityBlock;
import org.starlane.bpsec.SecurityKey;
import org.starlane.bpsec.SecurityOperations;
import org.starlane.bpsec.SecurityOperations.ConfidentialityRequest;
import org.starlane.bpsec.SecurityOperations.IntegrityRequest;

/**
 * BPSec over a file-backed payload (docs/bpsec.md, "Large payloads"): 64 MiB of random bytes in a
 * file, one bundle per operation, one thread, the files in the page cache after the first
 * operations. {@code sign} adds a BIB (HMAC-SHA-256, scope 7) over the payload, streaming the file
 * into the MAC; {@code encrypt} adds a BCB (A256GCM, fresh IV) over it, streaming the ciphertext
 * into a new file; {@code decrypt} accepts that BCB, decrypting into a new file while checking the
 * tag (AES-CTR plus a GCM re-encryption). The new files are deleted after each operation, outside
 * the measurement. The {@code :bytes} counter is payload bytes (divide by 10<sup>6</sup> for MB/s).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class FileBackedBpsecBenchmark {
  @Param({"67108864"})
  public int payloadBytes;

  private Path dir;
  private SecurityOperations ops;
  private BundleBlocks plain;
  private BundleBlocks encrypted;
  private SecurityBlock bcb;
  private SecurityKey cek;
  private IntegrityRequest signing;
  private ConfidentialityRequest sealing;

  /** The bundle the last operation made, whose new payload file goes after the operation. */
  private BundleBlocks made;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = TemporaryDirectory.create("bpsec-file-benchmark");
    byte[] data = new byte[payloadBytes];
    new SplittableRandom(7).nextBytes(data);
    Path payload = Files.write(dir.resolve("payload.bin"), data);
    plain = SecuredBundles.bundle(CanonicalBlock.payload(PayloadFile.of(payload)));
    ops = new SecurityOperations().withPayloadDirectory(dir);
    SecurityKey hmacKey = SecuredBundles.key("hmac", 32);
    signing =
        new IntegrityRequest(
            List.of(1L),
            SecuredBundles.SECURITY_SOURCE,
            ShaVariant.HMAC_256_256,
            7,
            hmacKey,
            null,
            0,
            BlockProcessingFlags.NONE);
    cek = SecuredBundles.key("cek", AesVariant.A256GCM.keyBytes());
    sealing =
        new ConfidentialityRequest(
            List.of(1L),
            SecuredBundles.SECURITY_SOURCE,
            AesVariant.A256GCM,
            7,
            cek,
            null,
            null,
            0,
            BlockProcessingFlags.NONE);
    encrypted = ops.addConfidentiality(plain, sealing);
    bcb = ops.securityBlocks(encrypted).get(0);
  }

  @TearDown(Level.Invocation)
  public void deleteMadeFile() throws IOException {
    if (made != null) {
      Files.delete(made.block(1).dataFile().path());
      made = null;
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    TemporaryDirectory.delete(dir);
  }

  @Benchmark
  public BundleBlocks sign(BytesProcessed bytes) {
    bytes.bytes += payloadBytes;
    return ops.addIntegrity(plain, signing);
  }

  @Benchmark
  public BundleBlocks encrypt(BytesProcessed bytes) {
    bytes.bytes += payloadBytes;
    made = ops.addConfidentiality(plain, sealing);
    return made;
  }

  @Benchmark
  public BundleBlocks decrypt(BytesProcessed bytes) {
    bytes.bytes += payloadBytes;
    made = ops.acceptConfidentiality(encrypted, bcb, 1, cek, true);
    return made;
  }
}
