package org.starlane.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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
import org.openjdk.jmh.infra.Blackhole;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.HopCount;

/**
 * The forwarding path of a relay: decode a received bundle, increment its Hop Count (RFC 9171
 * §4.4.3) with {@link Bundle#withHopCount}, encode it for the next hop. Only the Hop Count block is
 * re-encoded (with a new CRC-32C); the primary, Bundle Age and payload blocks are copied from the
 * received bytes. Input is {@link SampleBundles#sample}{@code (payloadBytes, true)}: the issue's
 * bundle plus a Hop Count block.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class RelayBenchmark {
  private static final BundleCodec CODEC = BundleCodec.DEFAULT;

  /** Payload bytes: the tiny bundle, 1 KiB, 64 KiB. */
  @Param({"3", "1024", "65536"})
  public int payloadBytes;

  byte[] received;
  ByteBuf out;

  @Setup(Level.Trial)
  public void encodeSample() {
    received = SampleBundles.encoded(payloadBytes, true);
    // Not leak-tracked; the re-encoded bundle has the received bundle's length.
    out = Unpooled.wrappedBuffer(new byte[received.length]).clear();
  }

  /** What a relay does to a bundle it forwards (visible to the tests). */
  static Bundle nextHop(Bundle bundle) {
    HopCount hops = bundle.hopCount().orElseThrow().increment();
    if (hops.isExceeded()) {
      throw new IllegalStateException("hop limit exceeded: " + hops);
    }
    return bundle.withHopCount(hops);
  }

  @Benchmark
  public void relayIntoReusedBuffer(BytesProcessed processed, Blackhole blackhole) {
    Bundle forwarded = nextHop(CODEC.decode(received));
    out.clear();
    CODEC.encode(forwarded, out);
    blackhole.consume(out);
    processed.bytes += received.length;
  }

  @Benchmark
  public void relayToByteArray(BytesProcessed processed, Blackhole blackhole) {
    byte[] sent = CODEC.encode(nextHop(CODEC.decode(received)));
    blackhole.consume(sent);
    processed.bytes += received.length;
  }
}
