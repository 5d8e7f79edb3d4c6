package io.github.mixup4j.bench;

/**
 * The memory floors a mixing kernel is measured against: the cheapest loops that move the same
 * bytes. Plain Java, so JDK 17's C2 is free to vectorise them (it does: see docs/PERFORMANCE.md).
 */
final class Floors {
  private Floors() {}

  /**
   * One streaming pass {@code a[i] = s·b[i] + c[i]}: reads two arrays and writes one, the same
   * traffic as an out-of-place mix {@code dst = λ·src + (1−λ)·src[p]}.
   */
  static void stream(float[] a, float s, float[] b, float[] c) {
    int len = a.length;
    for (int i = 0; i < len; i++) {
      a[i] = s * b[i] + c[i];
    }
  }

  /**
   * One in-place pass {@code a[i] = s·a[i] + t}: reads and writes one array, the traffic of an
   * in-place mix of mutual pairs.
   */
  static void inPlace(float[] a, float s, float t) {
    int len = a.length;
    for (int i = 0; i < len; i++) {
      a[i] = s * a[i] + t;
    }
  }
}
