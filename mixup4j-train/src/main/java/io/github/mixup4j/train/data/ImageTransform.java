package io.github.mixup4j.train.data;

import java.util.random.RandomGenerator;

/**
 * An in-place transform of {@code C×H×W} images stored in a {@code float[]}, with its randomness
 * drawn from an explicit generator (no global RNG).
 *
 * <p>Made by {@link ImageTransforms}; {@link ImageTransforms#toDjl} adapts one to a DJL {@link
 * ai.djl.translate.Transform} for {@code addTransform}.
 */
@FunctionalInterface
public interface ImageTransform {

  /**
   * Transforms one image in place.
   *
   * @param data the array holding the image
   * @param offset index of the image's first value
   * @param channels C
   * @param height H
   * @param width W
   * @param rng the source of randomness; a transform draws the same number of values for every
   *     image, so equal seeds give equal results
   */
  void apply(float[] data, int offset, int channels, int height, int width, RandomGenerator rng);

  /**
   * Transforms {@code n} consecutive images in place, image after image.
   *
   * @param data {@code N×C×H×W} values
   * @param n number of images
   * @param channels C
   * @param height H
   * @param width W
   * @param rng the source of randomness
   * @throws IllegalArgumentException if {@code data} is shorter than {@code n·C·H·W}
   */
  default void applyBatch(
      float[] data, int n, int channels, int height, int width, RandomGenerator rng) {
    int sample = channels * height * width;
    if ((long) n * sample > data.length) {
      throw new IllegalArgumentException(
          "data has " + data.length + " values, fewer than n·C·H·W = " + ((long) n * sample));
    }
    for (int i = 0; i < n; i++) {
      apply(data, i * sample, channels, height, width, rng);
    }
  }
}
