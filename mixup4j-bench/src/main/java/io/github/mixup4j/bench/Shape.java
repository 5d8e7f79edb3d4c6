package io.github.mixup4j.bench;

import java.util.SplittableRandom;

/** An NCHW batch shape written {@code NxCxHxW}, as the benchmarks take it in {@code @Param}. */
record Shape(int n, int channels, int height, int width) {

  static Shape parse(String text) {
    String[] p = text.split("x", -1);
    if (p.length != 4) {
      throw new IllegalArgumentException("shape '" + text + "': expected NxCxHxW");
    }
    return new Shape(
        Integer.parseInt(p[0]),
        Integer.parseInt(p[1]),
        Integer.parseInt(p[2]),
        Integer.parseInt(p[3]));
  }

  int imageSize() {
    return channels * height * width;
  }

  int length() {
    return Math.toIntExact((long) n * imageSize());
  }

  /** A batch of uniform values in [0, 1), from a fixed seed. */
  float[] randomBatch(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[length()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble();
    }
    return x;
  }
}
