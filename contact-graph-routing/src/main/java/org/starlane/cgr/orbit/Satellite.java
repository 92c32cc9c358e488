package org.starlane.cgr.orbit;

import java.util.Objects;

/**
 * A satellite that carries a DTN node.
 *
 * <p>Immutable, thread-safe.
 *
 * @param node the satellite's ipn node number (1 or more)
 * @param name a label for messages and reports (not blank, no line breaks)
 * @param elements its orbit
 */
public record Satellite(long node, String name, OrbitElements elements) {
  public Satellite {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(elements, "elements");
    Checks.node("satellite " + name, node);
    Checks.label("satellite name", name);
  }
}
