package org.starlane.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.Crc;
import org.starlane.bp.bundle.CrcType;
import org.starlane.bp.bundle.HopCount;

/** Each measured method, called once outside JMH, does the work its benchmark claims to measure. */
class BenchmarkOperationsTest {
  private final Blackhole blackhole =
      new Blackhole(
          "Today's password is swordfish. I understand instantiating Blackholes directly is"
              + " dangerous.");
  private final BytesProcessed processed = new BytesProcessed();

  @Test
  void decodeBenchmarksCountTheWireBytesOfEveryDecodedBundle() {
    BundleDecodeBenchmark benchmark = new BundleDecodeBenchmark();
    benchmark.payloadBytes = 1024;
    benchmark.encodeSample();

    benchmark.decodeByteArray(processed, blackhole);
    benchmark.decodeDirectByteBuf(processed, blackhole);

    assertThat(processed.bytes).isEqualTo(2L * benchmark.encoded.length);
    assertThat(benchmark.direct.isReadable()).isFalse();
  }

  @Test
  void encodeBenchmarksWriteTheSameBytesToArraysAndReusedBuffers() {
    BundleEncodeBenchmark benchmark = new BundleEncodeBenchmark();
    benchmark.payloadBytes = SampleBundles.TINY;
    benchmark.buildSample();
    byte[] expected = SampleBundles.encoded(SampleBundles.TINY, false);

    for (int i = 0; i < 2; i++) {
      benchmark.encodeIntoReusedHeapBuffer(processed, blackhole);
      benchmark.encodeIntoReusedDirectBuffer(processed, blackhole);
    }
    benchmark.encodeToByteArray(processed, blackhole);

    assertThat(ByteBufUtil.getBytes(benchmark.heap)).isEqualTo(expected);
    assertThat(ByteBufUtil.getBytes(benchmark.direct)).isEqualTo(expected);
    assertThat(processed.bytes).isEqualTo(5L * expected.length);
  }

  @Test
  void relayForwardsTheReceivedBundleWithOneMoreHop() {
    RelayBenchmark benchmark = new RelayBenchmark();
    benchmark.payloadBytes = 1024;
    benchmark.encodeSample();
    Bundle received = BundleCodec.DEFAULT.decode(benchmark.received);

    benchmark.relayIntoReusedBuffer(processed, blackhole);
    benchmark.relayIntoReusedBuffer(processed, blackhole);
    Bundle forwarded = BundleCodec.DEFAULT.decode(ByteBufUtil.getBytes(benchmark.out));

    assertThat(forwarded.hopCount()).contains(new HopCount(30, 4));
    assertThat(forwarded.primary()).isEqualTo(received.primary());
    assertThat(forwarded.payload()).isEqualTo(received.payload());
    assertThat(forwarded.bundleAgeMillis()).isEqualTo(received.bundleAgeMillis());
    assertThat(benchmark.out.readableBytes()).isEqualTo(benchmark.received.length);
  }

  @Test
  void crcBenchmarkChecksumsTheWholeBlockOnHeapAndDirectMemory() {
    long[] results = new long[2];
    String[] memories = {"heap", "direct"};
    for (int i = 0; i < 2; i++) {
      CrcBenchmark benchmark = new CrcBenchmark();
      benchmark.type = CrcType.CRC16_X25;
      benchmark.length = 1024;
      benchmark.memory = memories[i];
      benchmark.fill();
      benchmark.compute(processed, blackhole);
      results[i] =
          Crc.compute(benchmark.type, benchmark.block, 0, benchmark.length, benchmark.valueIndex);
    }

    assertThat(results[1]).isEqualTo(results[0]);
    assertThat(processed.bytes).isEqualTo(2048);
  }

  @Test
  void cborBenchmarkInputsHoldEveryIntegerWidth() {
    CborBenchmark benchmark = new CborBenchmark();
    benchmark.writeInputs();

    benchmark.readUnsigned16(blackhole);
    benchmark.writeUnsigned16(blackhole);

    // 1 + 1 + 1 + 2 + 2 + 2 + 3 + 3 + 3 + 5 + 5 + 5 + 9 + 9 + 9 + 9 bytes
    assertThat(benchmark.integers.readableBytes()).isZero();
    assertThat(benchmark.out.readableBytes()).isEqualTo(69);
  }

  @Test
  void bytesProcessedStartsEveryIterationAtZero() {
    processed.bytes = 42;

    processed.reset();

    assertThat(processed.bytes).isZero();
  }
}
