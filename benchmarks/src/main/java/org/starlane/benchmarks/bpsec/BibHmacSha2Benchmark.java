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
import org.starlane.bpsec.BibHmacSha2.ShaVariant;
import org.starlane.bpsec.BundleBlocks;
import org.starlane.bpsec.SecurityBlock;
import org.starlane.bpsec.SecurityKey;
import org.starlane.bpsec.SecurityOperations;
import org.starlane.bpsec.SecurityOperations.IntegrityRequest;

/**
 * BIB-HMAC-SHA2 (RFC 9173 §3) on one bundle per operation, one thread: {@code sign} adds a BIB over
 * the payload as a security source (IPPT with all scope flags, HMAC, ASB encoding, block
 * insertion); {@code verify} decodes the BIB's ASB and checks the HMAC as a verifier. Target (issue
 * 5): 300,000 bundles/s with HMAC 256/256 over a 1 KiB payload.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class BibHmacSha2Benchmark {
  /** Payload bytes. */
  @Param({"1024"})
  public int payloadBytes;

  @Param({"HMAC_256_256"})
  public ShaVariant variant;

  SecurityOperations ops;
  BundleBlocks plain;
  BundleBlocks signed;
  SecurityBlock bib;
  SecurityKey key;
  IntegrityRequest request;
  long bytesPerBundle;

  @Setup(Level.Trial)
  public void setUp() {
    ops = new SecurityOperations();
    plain = SecuredBundles.bundle(payloadBytes);
    key = SecuredBundles.key("hmac", variant.algorithm().outputBytes());
    request =
        new IntegrityRequest(
            List.of(1L),
            SecuredBundles.SECURITY_SOURCE,
            variant,
            7,
            key,
            null,
            0,
            BlockProcessingFlags.NONE);
    signed = ops.addIntegrity(plain, request);
    bib = ops.securityBlocks(signed).get(0);
    bytesPerBundle = payloadBytes;
  }

  @Benchmark
  public BundleBlocks sign(BytesProcessed bytes) {
    bytes.bytes += bytesPerBundle;
    return ops.addIntegrity(plain, request);
  }

  @Benchmark
  public SecurityBlock verify(BytesProcessed bytes) {
    bytes.bytes += bytesPerBundle;
    SecurityBlock b = ops.securityBlocks(signed).get(0);
    ops.verifyIntegrity(signed, b, 1, key);
    return b;
  }
}
