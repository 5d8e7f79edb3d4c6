package io.github.mixup4j.train.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Transform;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded, reproducible image transforms: per-channel normalisation, random crop with zero padding,
 * random horizontal flip, and their composition.
 *
 * <p>All work in place on {@code C×H×W} floats and allocate nothing per image.
 */
public final class ImageTransforms {
  private ImageTransforms() {}

  /**
   * Per-channel normalisation {@code x ← (x − mean[c]) / std[c]}.
   *
   * @param mean one mean per channel
   * @param std one standard deviation per channel, each {@code > 0}
   * @return the transform; it draws no random values
   * @throws IllegalArgumentException if the lengths differ, are zero, or a std is not positive
   */
  public static ImageTransform normalize(float[] mean, float[] std) {
    if (mean.length == 0 || mean.length != std.length) {
      throw new IllegalArgumentException(
          "normalize: mean and std need one value per channel, got "
              + mean.length
              + " means and "
              + std.length
              + " stds");
    }
    for (int c = 0; c < std.length; c++) {
      if (!(std[c] > 0) || !Float.isFinite(std[c]) || !Float.isFinite(mean[c])) {
        throw new IllegalArgumentException(
            "normalize: std["
                + c
                + "] = "
                + std[c]
                + ", mean["
                + c
                + "] = "
                + mean[c]
                + " (expected finite values, std > 0)");
      }
    }
    float[] m = mean.clone();
    float[] inv = new float[std.length];
    for (int c = 0; c < std.length; c++) {
      inv[c] = 1f / std[c];
    }
    return (data, offset, channels, height, width, rng) -> {
      if (channels != m.length) {
        throw new IllegalArgumentException(
            "normalize was made for " + m.length + " channels, image has " + channels);
      }
      int plane = height * width;
      for (int c = 0; c < channels; c++) {
        int off = offset + c * plane;
        float mc = m[c];
        float ic = inv[c];
        for (int k = 0; k < plane; k++) {
          data[off + k] = (data[off + k] - mc) * ic;
        }
      }
    };
  }

  /**
   * Random crop with zero padding: pads each side with {@code padding} zeros and crops back to
   * {@code H×W} at a uniformly random offset (the CIFAR augmentation of He et al. 2016 with {@code
   * padding = 4}). Equivalent to shifting the image by {@code (dy, dx)}, each uniform in {@code
   * [−padding, padding]}, filling uncovered pixels with zero.
   *
   * <p>Draws two values per image: {@code dy} then {@code dx}.
   *
   * @param padding the padding, {@code >= 0}
   * @return the transform
   * @throws IllegalArgumentException if {@code padding < 0}
   */
  public static ImageTransform randomCrop(int padding) {
    if (padding < 0) {
      throw new IllegalArgumentException("randomCrop: padding must be >= 0, got " + padding);
    }
    return (data, offset, channels, height, width, rng) -> {
      int dy = rng.nextInt(2 * padding + 1) - padding;
      int dx = rng.nextInt(2 * padding + 1) - padding;
      shift(data, offset, channels, height, width, dy, dx);
    };
  }

  /**
   * Shifts each channel so that {@code out[y][x] = in[y + dy][x + dx]}, zero where the source is
   * outside the image. In place: rows are visited in the order that never overwrites a row still to
   * be read, and {@link System#arraycopy} handles overlap within a row.
   */
  static void shift(float[] data, int offset, int channels, int height, int width, int dy, int dx) {
    if (dy == 0 && dx == 0) {
      return;
    }
    int plane = height * width;
    int len = Math.max(0, width - Math.abs(dx));
    int srcCol = Math.max(0, dx);
    int dstCol = Math.max(0, -dx);
    for (int c = 0; c < channels; c++) {
      int base = offset + c * plane;
      for (int i = 0; i < height; i++) {
        int y = dy >= 0 ? i : height - 1 - i;
        int row = base + y * width;
        int sy = y + dy;
        if (sy < 0 || sy >= height || len == 0) {
          Arrays.fill(data, row, row + width, 0f);
          continue;
        }
        System.arraycopy(data, base + sy * width + srcCol, data, row + dstCol, len);
        if (dx > 0) {
          Arrays.fill(data, row + len, row + width, 0f);
        } else if (dx < 0) {
          Arrays.fill(data, row, row + dstCol, 0f);
        }
      }
    }
  }

  /**
   * Random horizontal flip: mirrors the image left–right with probability {@code p}.
   *
   * <p>Draws one value per image.
   *
   * @param p the flip probability, in {@code [0, 1]}
   * @return the transform
   * @throws IllegalArgumentException if {@code p} is not in {@code [0, 1]}
   */
  public static ImageTransform horizontalFlip(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("horizontalFlip: p must be in [0, 1], got " + p);
    }
    return (data, offset, channels, height, width, rng) -> {
      if (rng.nextDouble() >= p) {
        return;
      }
      for (int r = 0; r < channels * height; r++) {
        int lo = offset + r * width;
        int hi = lo + width - 1;
        while (lo < hi) {
          float t = data[lo];
          data[lo++] = data[hi];
          data[hi--] = t;
        }
      }
    };
  }

  /**
   * Applies transforms one after the other.
   *
   * @param transforms the transforms, in order
   * @return the composition
   */
  public static ImageTransform compose(ImageTransform... transforms) {
    List<ImageTransform> list = List.of(transforms);
    return (data, offset, channels, height, width, rng) -> {
      for (ImageTransform t : list) {
        t.apply(data, offset, channels, height, width, rng);
      }
    };
  }

  /**
   * Adapts a transform to a DJL {@link Transform} over {@code float32 (C, H, W)} arrays, with its
   * own {@link SplittableRandom} seeded with {@code seed}.
   *
   * <p>The generator advances with each call, so results are reproducible when images are
   * transformed in a fixed order (DJL iteration without an executor). Calls are serialised. The
   * input array is not modified; a new one on the same manager is returned.
   *
   * @param transform the transform
   * @param seed the seed
   * @return the DJL transform
   */
  public static Transform toDjl(ImageTransform transform, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    return array -> {
      Shape shape = array.getShape();
      if (shape.dimension() != 3) {
        throw new IllegalArgumentException("expected an image of shape (C, H, W), got " + shape);
      }
      float[] values;
      if (array.getDataType() == DataType.FLOAT32) {
        values = array.toFloatArray();
      } else {
        try (NDArray f = array.toType(DataType.FLOAT32, true)) {
          values = f.toFloatArray();
        }
      }
      synchronized (rng) {
        transform.apply(values, 0, (int) shape.get(0), (int) shape.get(1), (int) shape.get(2), rng);
      }
      return array.getManager().create(values, shape);
    };
  }
}
