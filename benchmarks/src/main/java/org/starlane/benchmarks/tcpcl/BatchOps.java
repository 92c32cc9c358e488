package org.starlane.benchmarks.tcpcl;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Counts bundles sent and acknowledged, so JMH reports a secondary {@code bundles} result in
 * bundles per second (each benchmark invocation sends a batch). Confined to its benchmark thread.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class BatchOps {
  /** Bundles acknowledged in the current iteration. */
  public long bundles;

  /** JMH does not reset auxiliary counters itself. */
  @Setup(Level.Iteration)
  public void reset() {
    bundles = 0;
  }
}
