package org.starlane.bp.spi;

/** The wall clock behind {@link Clock#system()}. Thread-safe. */
enum SystemClock implements Clock {
  INSTANCE;

  @Override
  public long nowMillis() {
    return System.currentTimeMillis();
  }

  @Override
  public String toString() {
    return "Clock.system()";
  }
}
