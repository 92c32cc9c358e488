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
import org.starlane.bp.bundle.Crc;
import org.starlane.bp.bundle.CrcType;

/**
 * {@link Crc#compute} of a block of {@code length} bytes whose last CRC-value bytes are the CRC
 * field (taken as zero, RFC 9171 §4.2.2), over a heap or a direct {@link ByteBuf}: the codec
 * checksums heap bytes when decoding and the caller's buffer (possibly direct) when encoding.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class CrcBenchmark {
  @Param({"CRC16_X25", "CRC32C"})
  public CrcType type;

  /** Bytes checksummed: 1 KiB, 64 KiB. */
  @Param({"1024", "65536"})
  public int length;

  /** {@code heap} or {@code direct}. */
  @Param({"heap", "direct"})
  public String memory;

  ByteBuf block;
  int valueIndex;

  @Setup(Level.Trial)
  public void fill() {
    byte[] bytes = SampleBundles.payload(length);
    block =
        switch (memory) {
          case "heap" -> Unpooled.wrappedBuffer(bytes);
          case "direct" ->
              Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(length).put(bytes).flip());
          default -> throw new IllegalArgumentException("memory " + memory + ": heap or direct");
        };
    valueIndex = length - type.valueLength();
  }

  @Benchmark
  public void compute(BytesProcessed processed, Blackhole blackhole) {
    blackhole.consume(Crc.compute(type, block, 0, length, valueIndex));
    processed.bytes += length;
  }
}
