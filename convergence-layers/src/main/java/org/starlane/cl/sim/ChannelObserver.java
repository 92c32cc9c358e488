package org.starlane.cl.sim;

/**
 * Sees every {@link ChannelEvent} of a simulation, on the scheduler's thread, in order: the trace
 * that two runs with the same seed must share. Implementations must not block.
 */
@FunctionalInterface
public interface ChannelObserver {
  /** Sees nothing. */
  ChannelObserver NONE = event -> {};

  void on(ChannelEvent event);
}
