package org.starlane.node.tshark;

import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;

/**
 * A bundle, its name in test reports, and its encoding: the bytes that go into the capture and the
 * bundle that says what tshark should find in them.
 *
 * @param name a short description for test reports
 * @param bundle the bundle (for {@link #decoded}: what our decoder reads from {@code bytes})
 * @param bytes the encoding that goes on the wire
 */
record EncodedBundle(String name, Bundle bundle, byte[] bytes) {

  /** {@code bundle} as {@link BundleCodec#DEFAULT} encodes it. */
  static EncodedBundle of(String name, Bundle bundle) {
    return new EncodedBundle(name, bundle, BundleCodec.DEFAULT.encode(bundle));
  }

  /** Bytes from elsewhere (for example {@code starlane bundle create}), decoded by our codec. */
  static EncodedBundle decoded(String name, byte[] bytes) {
    return new EncodedBundle(name, BundleCodec.DEFAULT.decode(bytes.clone()), bytes.clone());
  }

  @Override
  public String toString() {
    return name;
  }
}
