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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.starlane.bp.cbor.CborLimits;
import org.starlane.bp.cbor.CborReader;
import org.starlane.bp.cbor.CborWriter;
import org.starlane.bp.eid.EndpointId;

/**
 * Micro-benchmarks of the CBOR layer (RFC 8949): 16 unsigned integers of every argument width (§3:
 * 0 to 8 bytes after the initial byte), and an {@code ipn} endpoint ID {@code [2, [FQNN, S]]} (RFC
 * 9171 §4.2.5.1.2), read with a new {@link CborReader} and written with {@link CborWriter}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class CborBenchmark {
  /** 16 unsigned integers, 1 to 9 bytes each on the wire. */
  static final long[] INTEGERS = {
    0,
    7,
    23,
    24,
    200,
    255,
    256,
    1_000,
    65_535,
    65_536,
    86_400_000,
    0xffff_ffffL,
    1L << 32,
    788_918_400_000L,
    Long.MAX_VALUE,
    -1L
  };

  // Instance fields, not constants, so the JIT cannot fold the values into the writer.
  long[] values;
  EndpointId endpoint;
  ByteBuf integers;
  ByteBuf eid;
  ByteBuf out;

  @Setup(Level.Trial)
  public void writeInputs() {
    values = INTEGERS.clone();
    endpoint = EndpointId.ipn(977, 1);
    integers = Unpooled.wrappedBuffer(new byte[16 * 9]).clear();
    for (long value : values) {
      CborWriter.writeUnsigned(integers, value);
    }
    eid = Unpooled.wrappedBuffer(new byte[32]).clear();
    endpoint.writeTo(eid);
    out = Unpooled.wrappedBuffer(new byte[16 * 9]).clear();
  }

  @Benchmark
  public void readUnsigned16(Blackhole blackhole) {
    integers.readerIndex(0);
    CborReader in = new CborReader(integers, CborLimits.DEFAULT);
    for (int i = 0; i < values.length; i++) {
      blackhole.consume(in.readUnsigned());
    }
  }

  @Benchmark
  public void writeUnsigned16(Blackhole blackhole) {
    out.clear();
    for (long value : values) {
      CborWriter.writeUnsigned(out, value);
    }
    blackhole.consume(out);
  }

  @Benchmark
  public void readIpnEndpointId(Blackhole blackhole) {
    eid.readerIndex(0);
    blackhole.consume(EndpointId.readFrom(new CborReader(eid, CborLimits.DEFAULT)));
  }

  @Benchmark
  public void writeIpnEndpointId(Blackhole blackhole) {
    out.clear();
    endpoint.writeTo(out);
    blackhole.consume(out);
  }
}
