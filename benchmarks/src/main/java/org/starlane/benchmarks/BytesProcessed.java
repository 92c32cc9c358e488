package org.starlane.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Counts the bytes a benchmark processes, so JMH reports a secondary {@code :bytes} result in bytes
 * per second next to ops/s (divide by 10<sup>6</sup> for MB/s). For a bundle benchmark the bytes
 * are the bundle's encoded length (wire bytes), for a CRC benchmark the bytes checksummed. One
 * {@code long} addition per operation; confined to its benchmark thread.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class BytesProcessed {
  /** Bytes processed in the current iteration; JMH divides by the iteration time. */
  public long bytes;

  /** JMH does not reset auxiliary counters itself. */
  @Setup(Level.Iteration)
  public void reset() {
    bytes = 0;
  }
}
