package org.starlane.benchmarks.largepayload;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
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
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.PayloadFile;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.eid.EndpointId;

/**
 * The streaming codec on a file-backed payload of random bytes (in the page cache after the first
 * iteration): {@code encode} streams the bundle to a discarding stream (reads the file, computes
 * the CRC-32C), {@code decode} reads an encoded bundle file and streams its payload into a new file
 * (CRC-32C checked, file written, then deleted). The {@code :bytes} result is the encoded length.
 * Confined to its benchmark thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class StreamingCodecBenchmark {
  @Param({"16777216"})
  public int payloadBytes;

  private Path dir;
  private Bundle bundle;
  private Path encoded;
  private long encodedLength;

  /** Discards what it is given. */
  private static final OutputStream DISCARD =
      new OutputStream() {
        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
      };

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = TemporaryDirectory.create("streaming-benchmark");
    byte[] data = new byte[payloadBytes];
    new Random(7).nextBytes(data);
    Path payload = dir.resolve("payload.bin");
    Files.write(payload, data);
    bundle =
        Bundle.of(
            PrimaryBlock.of(
                EndpointId.ipn(2, 1),
                EndpointId.ipn(1, 1),
                new CreationTimestamp(1_000_000, 1),
                3_600_000),
            CanonicalBlock.payload(PayloadFile.of(payload)));
    encoded = dir.resolve("bundle.cbor");
    try (OutputStream out = Files.newOutputStream(encoded)) {
      BundleCodec.DEFAULT.encode(bundle, out);
    }
    encodedLength = Files.size(encoded);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    TemporaryDirectory.delete(dir);
  }

  @Benchmark
  public void encode(BytesProcessed processed) throws IOException {
    BundleCodec.DEFAULT.encode(bundle, DISCARD);
    processed.bytes += encodedLength;
  }

  @Benchmark
  public long decode(BytesProcessed processed) throws IOException {
    Bundle decoded;
    try (BufferedInputStream in = new BufferedInputStream(Files.newInputStream(encoded), 1 << 16)) {
      decoded = BundleCodec.DEFAULT.decode(in, dir, 64 * 1024, Long.MAX_VALUE);
    }
    PayloadFile file = decoded.payloadBlock().dataFile();
    Files.delete(file.path());
    processed.bytes += encodedLength;
    return file.length();
  }
}
