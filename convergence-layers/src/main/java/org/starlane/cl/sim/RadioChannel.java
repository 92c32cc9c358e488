package org.starlane.cl.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * One direction of an emulated radio channel: what happens to the bytes of a bundle between the
 * transmitter of one node and the receiver of another.
 *
 * <ul>
 *   <li>{@code rateBitsPerSecond}: the data rate. A bundle of {@code n} octets takes {@code 8n /
 *       rate} seconds to serialize; the transmitter sends one bundle after another.
 *   <li>{@code lightTime}: the one-way light time, added after the last bit leaves.
 *   <li>{@code frameLossProbability}: the chance that a whole frame (one bundle) is erased.
 *   <li>{@code bitErrorRate}: the chance that any one bit is flipped, independently; the receiver's
 *       decoder then rejects the bundle by its CRC (RFC 9171 §4.2.1) and drops it.
 *   <li>{@code maxFrameBytes}: the largest bundle the link takes ({@link #UNLIMITED} for none); the
 *       agent fragments larger ones (RFC 9171 §5.8).
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public record RadioChannel(
    long rateBitsPerSecond,
    LightTime lightTime,
    double frameLossProbability,
    double bitErrorRate,
    long maxFrameBytes) {

  /** No limit on the frame size. */
  public static final long UNLIMITED = Long.MAX_VALUE;

  public RadioChannel {
    if (rateBitsPerSecond <= 0) {
      throw new IllegalArgumentException("rate " + rateBitsPerSecond + " bit/s is not positive");
    }
    Objects.requireNonNull(lightTime, "lightTime");
    if (!(frameLossProbability >= 0 && frameLossProbability <= 1)) {
      throw new IllegalArgumentException(
          "frame loss probability " + frameLossProbability + " is outside [0, 1]");
    }
    if (!(bitErrorRate >= 0 && bitErrorRate <= 1)) {
      throw new IllegalArgumentException("bit-error rate " + bitErrorRate + " is outside [0, 1]");
    }
    if (maxFrameBytes <= 0) {
      throw new IllegalArgumentException(
          "maximum frame " + maxFrameBytes + " bytes is not positive");
    }
  }

  /** A lossless channel of {@code rateBitsPerSecond} with a fixed one-way light time. */
  public static RadioChannel of(long rateBitsPerSecond, Duration lightTime) {
    return new RadioChannel(rateBitsPerSecond, LightTime.fixed(lightTime), 0, 0, UNLIMITED);
  }

  public RadioChannel withLightTime(LightTime value) {
    return new RadioChannel(
        rateBitsPerSecond, value, frameLossProbability, bitErrorRate, maxFrameBytes);
  }

  public RadioChannel withFrameLoss(double probability) {
    return new RadioChannel(rateBitsPerSecond, lightTime, probability, bitErrorRate, maxFrameBytes);
  }

  public RadioChannel withBitErrorRate(double rate) {
    return new RadioChannel(
        rateBitsPerSecond, lightTime, frameLossProbability, rate, maxFrameBytes);
  }

  public RadioChannel withMaxFrameBytes(long value) {
    return new RadioChannel(
        rateBitsPerSecond, lightTime, frameLossProbability, bitErrorRate, value);
  }

  /** Nanoseconds to serialize {@code bytes} octets at this rate, rounded up. */
  public long serializationNanos(long bytes) {
    return (long) Math.ceil(bytes * 8.0 * 1e9 / rateBitsPerSecond);
  }

  /** How many whole octets go out in {@code nanos} nanoseconds at this rate. */
  public long bytesIn(long nanos) {
    return (long) Math.floor(nanos * (double) rateBitsPerSecond / 8e9);
  }
}
