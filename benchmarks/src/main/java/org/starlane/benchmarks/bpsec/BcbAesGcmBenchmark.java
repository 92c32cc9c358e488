package org.starlane.benchmarks.bpsec;

import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;
import org.starlane.benchmarks.BytesProcessed;
import org.starlane.bp.bundle.BlockProcessingFlags;
import org.starlane.bpsec.BcbAesGcm.AesVariant;
import org.starlane.bpsec.BundleBlocks;
import org.starlane.bpsec.SecurityBlock;
import org.starlane.bpsec.SecurityKey;
import org.starlane.bpsec.SecurityOperations;
import org.starlane.bpsec.SecurityOperations.ConfidentialityRequest;

/**
 * BCB-AES-GCM (RFC 9173 §4) on one bundle per operation, one thread: {@code encrypt} adds a BCB
 * over the payload as a security source (fresh random IV, AAD with all scope flags, ciphertext
 * replacing the payload); {@code decrypt} accepts it (decrypts, authenticates, removes the BCB).
 * The {@code :bytes} counter is payload bytes. Target (issue 5): 1.5 GB/s with A256GCM over 64 KiB.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class BcbAesGcmBenchmark {
  @Param({"65536"})
  public int payloadBytes;

  @Param({"A256GCM"})
  public AesVariant variant;

  SecurityOperations ops;
  BundleBlocks plain;
  BundleBlocks encrypted;
  SecurityBlock bcb;
  SecurityKey key;
  ConfidentialityRequest request;

  @Setup(Level.Trial)
  public void setUp() {
    ops = new SecurityOperations();
    plain = SecuredBundles.bundle(payloadBytes);
    key = SecuredBundles.key("cek", variant.keyBytes());
    request =
        new ConfidentialityRequest(
            List.of(1L),
            SecuredBundles.SECURITY_SOURCE,
            variant,
            7,
            key,
            null,
            null,
            0,
            BlockProcessingFlags.NONE);
    encrypted = ops.addConfidentiality(plain, request);
    bcb = ops.securityBlocks(encrypted).get(0);
  }

  @Benchmark
  public BundleBlocks encrypt(BytesProcessed bytes) {
    bytes.bytes += payloadBytes;
    return ops.addConfidentiality(plain, request);
  }

  @Benchmark
  public BundleBlocks decrypt(BytesProcessed bytes) {
    bytes.bytes += payloadBytes;
    return ops.acceptConfidentiality(encrypted, bcb, 1, key, true);
  }
}
