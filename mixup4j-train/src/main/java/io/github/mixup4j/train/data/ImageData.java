package io.github.mixup4j.train.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A whole image-classification dataset held in memory as one contiguous {@code float[]} in {@code
 * N×C×H×W} order, with one class index per image and the class names.
 *
 * <p>Every reader in this package ({@link IdxDataset}, {@link CifarDataset}, {@link
 * ImageFolderDataset}) produces an {@code ImageData}; the DJL datasets are thin views over it. A
 * trainer that batches by copying slices of {@link #pixels()} avoids creating an {@code NDArray}
 * per sample.
 *
 * <p>Pixel values are scaled to {@code [0, 1]} by the readers. The arrays are not copied: {@link
 * #pixels()} and {@link #labels()} return the backing arrays, which callers must not modify unless
 * they own this instance. Memory: 4 bytes per pixel value (Fashion-MNIST train: 188 MB, CIFAR-10
 * train: 614 MB).
 */
public final class ImageData {
  private final int size;
  private final int channels;
  private final int height;
  private final int width;
  private final float[] pixels;
  private final int[] labels;
  private final List<String> classes;

  /**
   * Creates the holder without copying the arrays.
   *
   * @param channels channels per image, {@code >= 1}
   * @param height image height, {@code >= 1}
   * @param width image width, {@code >= 1}
   * @param pixels {@code N·C·H·W} values in {@code N×C×H×W} order
   * @param labels {@code N} class indices, each in {@code [0, classes.size())}
   * @param classes the class names (the synset), at least one
   * @throws IllegalArgumentException if a size is not positive, the array lengths disagree, or a
   *     label is out of range
   */
  public ImageData(
      int channels, int height, int width, float[] pixels, int[] labels, List<String> classes) {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "image shape must be positive, got channels="
              + channels
              + " height="
              + height
              + " width="
              + width);
    }
    if (classes.isEmpty()) {
      throw new IllegalArgumentException("classes must name at least one class, got none");
    }
    long sample = (long) channels * height * width;
    if (pixels.length != (long) labels.length * sample) {
      throw new IllegalArgumentException(
          "pixels has "
              + pixels.length
              + " values but "
              + labels.length
              + " labels × "
              + channels
              + "×"
              + height
              + "×"
              + width
              + " needs "
              + (labels.length * sample));
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes.size()) {
        throw new IllegalArgumentException(
            "labels["
                + i
                + "] = "
                + labels[i]
                + " is outside [0, "
                + classes.size()
                + ") for "
                + classes.size()
                + " classes");
      }
    }
    this.size = labels.length;
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.pixels = pixels;
    this.labels = labels;
    this.classes = List.copyOf(classes);
  }

  /**
   * Converts grey-scale IDX images to a one-channel {@code ImageData}, scaling bytes to {@code [0,
   * 1]} ({@code b / 255}).
   *
   * @param images the images, for example from {@link io.github.mixup4j.train.data.Idx#readImages}
   * @param labels one label per image
   * @param classes the class names
   * @return the data
   * @throws IllegalArgumentException if the counts disagree or a label is out of range
   */
  public static ImageData fromIdx(IdxImages images, int[] labels, List<String> classes) {
    if (images.count() != labels.length) {
      throw new IllegalArgumentException(
          "IDX images count "
              + images.count()
              + " differs from labels count "
              + labels.length
              + " (expected one label per image)");
    }
    return new ImageData(
        1, images.rows(), images.cols(), toUnitFloats(images.rawPixels()), labels, classes);
  }

  /**
   * Scales unsigned bytes to floats in {@code [0, 1]}.
   *
   * @param bytes unsigned bytes
   * @return {@code (b & 0xFF) / 255f} for each byte
   */
  static float[] toUnitFloats(byte[] bytes) {
    float[] out = new float[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = (bytes[i] & 0xFF) / 255f;
    }
    return out;
  }

  /**
   * Number of images N.
   *
   * @return the number of images
   */
  public int size() {
    return size;
  }

  /**
   * Channels per image C.
   *
   * @return the channel count
   */
  public int channels() {
    return channels;
  }

  /**
   * Image height H.
   *
   * @return the height
   */
  public int height() {
    return height;
  }

  /**
   * Image width W.
   *
   * @return the width
   */
  public int width() {
    return width;
  }

  /**
   * Values per image, {@code C·H·W}.
   *
   * @return the sample length in {@link #pixels()}
   */
  public int sampleSize() {
    return channels * height * width;
  }

  /**
   * The shape of one image, {@code {C, H, W}}.
   *
   * @return a new array {@code {C, H, W}}
   */
  public long[] imageShape() {
    return new long[] {channels, height, width};
  }

  /**
   * The backing pixel array, {@code N×C×H×W}; image {@code i} starts at {@code i·sampleSize()}.
   *
   * @return the backing array (not a copy)
   */
  public float[] pixels() {
    return pixels;
  }

  /**
   * The backing label array: one class index per image.
   *
   * @return the backing array (not a copy)
   */
  public int[] labels() {
    return labels;
  }

  /**
   * The class names (synset); class index {@code k} is named {@code classes().get(k)}.
   *
   * @return an unmodifiable list
   */
  public List<String> classes() {
    return classes;
  }

  /**
   * Number of classes K.
   *
   * @return {@code classes().size()}
   */
  public int numClasses() {
    return classes.size();
  }

  /**
   * Copies the given images, in the given order, into a new {@code ImageData}.
   *
   * @param indices image indices; repeats allowed
   * @return the subset
   * @throws IllegalArgumentException if an index is out of range
   */
  public ImageData subset(int[] indices) {
    int sample = sampleSize();
    float[] p = new float[Math.multiplyExact(indices.length, sample)];
    int[] l = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      int j = indices[i];
      if (j < 0 || j >= size) {
        throw new IllegalArgumentException(
            "indices[" + i + "] = " + j + " is outside [0, " + size + ")");
      }
      System.arraycopy(pixels, j * sample, p, i * sample, sample);
      l[i] = labels[j];
    }
    return new ImageData(channels, height, width, p, l, classes);
  }

  /**
   * Splits off a validation part, for data that has no separate test set.
   *
   * <p>The images are shuffled with a {@link SplittableRandom} seeded with {@code seed}
   * (Fisher–Yates), then the first {@code round(fraction·N)} go to the validation part and the rest
   * to the training part. Both parts keep the shuffled order. The same seed gives the same split.
   *
   * @param fraction the validation fraction, in {@code (0, 1)}
   * @param seed the shuffle seed
   * @return the two parts
   * @throws IllegalArgumentException if {@code fraction} is not in {@code (0, 1)} or either part
   *     would be empty
   */
  public Split split(double fraction, long seed) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + fraction);
    }
    int nVal = (int) Math.round(fraction * size);
    if (nVal == 0 || nVal == size) {
      throw new IllegalArgumentException(
          "validation fraction "
              + fraction
              + " of "
              + size
              + " images leaves "
              + (nVal == 0 ? "no validation image" : "no training image"));
    }
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = size - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return new Split(
        subset(Arrays.copyOfRange(order, nVal, size)), subset(Arrays.copyOf(order, nVal)));
  }

  /**
   * Per-channel mean and standard deviation over all images (population std), e.g. for {@link
   * ImageTransforms#normalize}.
   *
   * @return {@code {mean[C], std[C]}}
   */
  public float[][] channelStats() {
    double[] sum = new double[channels];
    double[] sq = new double[channels];
    int plane = height * width;
    for (int i = 0; i < size; i++) {
      for (int c = 0; c < channels; c++) {
        int off = (i * channels + c) * plane;
        for (int k = 0; k < plane; k++) {
          double v = pixels[off + k];
          sum[c] += v;
          sq[c] += v * v;
        }
      }
    }
    float[] mean = new float[channels];
    float[] std = new float[channels];
    double count = (double) size * plane;
    for (int c = 0; c < channels; c++) {
      double m = sum[c] / count;
      mean[c] = (float) m;
      std[c] = (float) Math.sqrt(Math.max(0, sq[c] / count - m * m));
    }
    return new float[][] {mean, std};
  }

  /**
   * Class names {@code "0", "1", …, "k-1"}, for data without names.
   *
   * @param k number of classes
   * @return the names
   */
  static List<String> numberedClasses(int k) {
    List<String> names = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      names.add(Integer.toString(i));
    }
    return names;
  }

  /** {@inheritDoc} */
  @Override
  public String toString() {
    return "ImageData["
        + size
        + "×"
        + channels
        + "×"
        + height
        + "×"
        + width
        + ", "
        + classes.size()
        + " classes]";
  }

  /**
   * A training part and a validation part.
   *
   * @param train the training images
   * @param validation the validation images
   */
  public record Split(ImageData train, ImageData validation) {}
}
