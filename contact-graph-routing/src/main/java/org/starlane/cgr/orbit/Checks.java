package org.starlane.cgr.orbit;

/** Argument checks shared by the prediction inputs. */
final class Checks {
  private Checks() {}

  static void node(String what, long node) {
    if (node < 1) {
      throw new IllegalArgumentException(
          what + ": node number " + node + " is not an ipn node number (1 or more)");
    }
  }

  static void label(String what, String label) {
    if (label.isBlank() || label.indexOf('\n') >= 0 || label.indexOf('\r') >= 0) {
      throw new IllegalArgumentException(what + " '" + label + "' is blank or has a line break");
    }
  }

  static void range(String what, double value, double min, double max, String unit) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(
          what + " " + value + " " + unit + " is not in [" + min + ", " + max + "] " + unit);
    }
  }

  static void positive(String what, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " " + value + " is not positive");
    }
  }
}
