package io.github.mixup4j;

/** Argument checks whose messages name the setting, the value and what is allowed. */
final class Checks {
  private Checks() {}

  static double nonNegative(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " = " + value + ": expected a finite number >= 0");
    }
    return value;
  }

  static double alpha(String name, double value, double max) {
    if (!(value >= 0 && value <= max)) {
      throw new IllegalArgumentException(
          name
              + " = "
              + value
              + ": expected a number in [0, "
              + (max == Math.rint(max) ? Long.toString((long) max) : Double.toString(max))
              + "]");
    }
    return value;
  }

  static double probability(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(
          name + " = " + value + ": expected a probability in [0, 1]");
    }
    return value;
  }

  static double unitOpen(String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(name + " = " + value + ": expected a number in [0, 1)");
    }
    return value;
  }

  static int atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " = " + value + ": expected an integer >= " + min);
    }
    return value;
  }

  static <T> T notNull(String name, T value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " is null: expected a value");
    }
    return value;
  }

  static int index(int i, int n) {
    if (i < 0 || i >= n) {
      throw new IndexOutOfBoundsException("sample index " + i + ": expected [0, " + n + ")");
    }
    return i;
  }
}
