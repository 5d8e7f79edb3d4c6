package io.github.mixup4j.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

/** Inputs and comparisons shared by the tests that hold the op path to the array kernels. */
final class TestArrays {
  private TestArrays() {}

  /** Gaussian floats; with {@code specials}, every 7th value is +Inf, NaN or −0. */
  static float[] gaussians(long seed, int length, boolean specials) {
    Random r = new Random(seed);
    float[] a = new float[length];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) r.nextGaussian();
      if (specials && i % 7 == 0) {
        a[i] = i % 3 == 0 ? Float.POSITIVE_INFINITY : i % 3 == 1 ? Float.NaN : -0f;
      }
    }
    return a;
  }

  /**
   * Equal bit for bit (NaN payloads and the sign of zero included), naming the first difference.
   */
  static void assertSameBits(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length);
    for (int k = 0; k < expected.length; k++) {
      if (Float.floatToIntBits(expected[k]) != Float.floatToIntBits(actual[k])) {
        throw new AssertionError(
            what + " @" + k + ": expected " + expected[k] + " but was " + actual[k]);
      }
    }
  }
}
