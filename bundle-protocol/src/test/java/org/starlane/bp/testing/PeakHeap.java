package org.starlane.bp.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The JVM's peak heap use, summed over the heap memory pools: a test {@link #reset}s it before the
 * work it measures and reads {@link #bytes} after, to show that a large payload never sat on the
 * heap. Process-wide (the pools are the JVM's): tests that measure must not run concurrently.
 */
public final class PeakHeap {
  private PeakHeap() {}

  /** Collects garbage, then starts the peak of every heap pool again from its current use. */
  public static void reset() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** The sum of the heap pools' peak use since the last {@link #reset}. */
  public static long bytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
