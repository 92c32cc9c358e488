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
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;

/**
 * Encoding a bundle that a source node built with {@link Bundle#of}: it has no original encoding,
 * so every block is written and every CRC-32C computed (RFC 9171 §4.2.2). Input is {@link
 * SampleBundles#sample}{@code (payloadBytes, false)}. Target for the tiny bundle: 2,000,000 ops/s
 * on one thread.
 *
 * <ul>
 *   <li>{@code encodeToByteArray}: {@link BundleCodec#encode(Bundle)}, a new array per bundle.
 *   <li>{@code encodeIntoReusedHeapBuffer}, {@code encodeIntoReusedDirectBuffer}: {@link
 *       BundleCodec#encode(Bundle, ByteBuf)} into one buffer, {@code clear()}ed every operation, as
 *       a convergence layer writing into its outbound buffer would.
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
public class BundleEncodeBenchmark {
  private static final BundleCodec CODEC = BundleCodec.DEFAULT;

  /** Payload bytes: the tiny bundle, 1 KiB, 64 KiB. */
  @Param({"3", "1024", "65536"})
  public int payloadBytes;

  Bundle bundle;
  ByteBuf heap;
  ByteBuf direct;

  @Setup(Level.Trial)
  public void buildSample() {
    bundle = SampleBundles.sample(payloadBytes, false);
    int length = CODEC.encode(bundle).length;
    // Wrapped buffers are not leak-tracked, so every run measures the same buffer classes.
    heap = Unpooled.wrappedBuffer(new byte[length]).clear();
    direct = Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(length)).clear();
  }

  @Benchmark
  public void encodeToByteArray(BytesProcessed processed, Blackhole blackhole) {
    byte[] encoded = CODEC.encode(bundle);
    blackhole.consume(encoded);
    processed.bytes += encoded.length;
  }

  @Benchmark
  public void encodeIntoReusedHeapBuffer(BytesProcessed processed, Blackhole blackhole) {
    heap.clear();
    CODEC.encode(bundle, heap);
    blackhole.consume(heap);
    processed.bytes += heap.readableBytes();
  }

  @Benchmark
  public void encodeIntoReusedDirectBuffer(BytesProcessed processed, Blackhole blackhole) {
    direct.clear();
    CODEC.encode(bundle, direct);
    blackhole.consume(direct);
    processed.bytes += direct.readableBytes();
  }
}
