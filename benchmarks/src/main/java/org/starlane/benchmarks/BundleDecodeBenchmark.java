package org.starlane.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
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
import org.starlane.bp.bundle.BundleCodec;

/**
 * Decoding a bundle (RFC 9171 §4): parse, check every CRC-32C, validate, build the {@link
 * org.starlane.bp.bundle.Bundle}. Input is {@link SampleBundles#sample}{@code (payloadBytes,
 * false)} in canonical form.
 *
 * <ul>
 *   <li>{@code decodeByteArray}: {@link BundleCodec#decode(byte[])}, block data are views on the
 *       array (no copy). Target for the tiny bundle: 2,000,000 ops/s on one thread.
 *   <li>{@code decodeDirectByteBuf}: {@link BundleCodec#decode(ByteBuf)} from a direct buffer, as a
 *       convergence layer hands it over; the codec copies the readable bytes once.
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class BundleDecodeBenchmark {
  private static final BundleCodec CODEC = BundleCodec.DEFAULT;

  /** Payload bytes: the tiny bundle, 1 KiB, 64 KiB. */
  @Param({"3", "1024", "65536"})
  public int payloadBytes;

  byte[] encoded;
  ByteBuf direct;

  @Setup(Level.Trial)
  public void encodeSample() {
    encoded = SampleBundles.encoded(payloadBytes, false);
    // A wrapped JDK direct buffer: not leak-tracked, so every run measures the same buffer class.
    direct = Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(encoded.length).put(encoded).flip());
  }

  @Benchmark
  public void decodeByteArray(BytesProcessed processed, Blackhole blackhole) {
    blackhole.consume(CODEC.decode(encoded));
    processed.bytes += encoded.length;
  }

  @Benchmark
  public void decodeDirectByteBuf(BytesProcessed processed, Blackhole blackhole) {
    direct.readerIndex(0);
    blackhole.consume(CODEC.decode(direct));
    processed.bytes += encoded.length;
  }
}
