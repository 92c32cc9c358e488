package org.starlane.bpsec;

import java.util.Arrays;
import java.util.Objects;

/**
 * A symmetric key and the ID that policy names it by (RFC 9173 §3.5, §4.5). The key material never
 * appears in {@link #toString()} (so never in a log line); {@link #material()} hands out a copy.
 * Immutable and thread-safe.
 */
public final class SecurityKey {
  private final String id;
  private final byte[] material;

  public SecurityKey(String id, byte[] material) {
    this.id = Objects.requireNonNull(id, "id");
    if (material.length == 0) {
      throw new IllegalArgumentException("key " + id + " is empty");
    }
    this.material = material.clone();
  }

  public String id() {
    return id;
  }

  /** A copy of the key bytes. */
  public byte[] material() {
    return material.clone();
  }

  /**
   * The key bytes themselves, not copied, for this package's primitives on the per-bundle path;
   * never modified nor retained by them.
   */
  byte[] bytes() {
    return material;
  }

  public int lengthBytes() {
    return material.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecurityKey k && k.id.equals(id) && Arrays.equals(k.material, material);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  /** The ID and length only: key material is never printed. */
  @Override
  public String toString() {
    return "SecurityKey[" + id + ", " + material.length + " bytes, redacted]";
  }
}
