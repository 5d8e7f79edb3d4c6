package io.github.mixup4j.train.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The built-in data set: a class-balanced subset of <a
 * href="https://github.com/zalandoresearch/fashion-mnist">Fashion-MNIST</a> (Xiao, Rasul, Vollgraf
 * 2017, <a href="https://arxiv.org/abs/1708.07747">arXiv:1708.07747</a>; MIT licence, Copyright (c)
 * 2017 Zalando SE), shipped as class-path resources so examples, tests and {@code mixup4j preview}
 * work offline.
 *
 * <ul>
 *   <li>train: {@value #TRAIN_SIZE} grey-scale 28×28 images, {@value #TRAIN_PER_CLASS} of each
 *       class — the first {@value #TRAIN_PER_CLASS} of each class of Fashion-MNIST's training
 *       files, in file order;
 *   <li>test: {@value #TEST_SIZE} images, {@value #TEST_PER_CLASS} of each class — the first
 *       {@value #TEST_PER_CLASS} of each class of Fashion-MNIST's test ({@code t10k}) files.
 * </ul>
 *
 * <p>The resources live in {@value #RESOURCE_FOLDER} as IDX gzip files with the original names
 * ({@code train-images-idx3-ubyte.gz}, …), with a {@code SHA256SUMS} file, the licence and a
 * README. {@code scripts/make-builtin-data.py} regenerates them bit-for-bit from the Debian package
 * {@code dataset-fashion-mnist}.
 *
 * <p>Every call reads the resource afresh and returns arrays the caller owns (about 5 MB for the
 * training images). The resources are part of this library's jar, so failing to read them is a
 * broken installation, reported as an {@link UncheckedIOException} naming the resource.
 */
public final class BuiltinData {
  /** Class-path folder of the resources, with a leading and a trailing slash. */
  public static final String RESOURCE_FOLDER = "/io/github/mixup4j/train/data/fashion-mnist/";

  /** Number of classes: {@value}. */
  public static final int NUM_CLASSES = 10;

  /** Training images per class: {@value}. */
  public static final int TRAIN_PER_CLASS = 580;

  /** Test images per class: {@value}. */
  public static final int TEST_PER_CLASS = 100;

  /** Training images in all: {@value}. */
  public static final int TRAIN_SIZE = TRAIN_PER_CLASS * NUM_CLASSES;

  /** Test images in all: {@value}. */
  public static final int TEST_SIZE = TEST_PER_CLASS * NUM_CLASSES;

  /** Height and width of every image: {@value} pixels. */
  public static final int IMAGE_SIZE = 28;

  /** The names of the data files in {@link #RESOURCE_FOLDER}, in {@code SHA256SUMS} order. */
  public static final List<String> FILE_NAMES =
      List.of(
          "t10k-images-idx3-ubyte.gz",
          "t10k-labels-idx1-ubyte.gz",
          "train-images-idx3-ubyte.gz",
          "train-labels-idx1-ubyte.gz");

  private static final List<String> CLASS_NAMES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  private BuiltinData() {}

  /**
   * The names of the ten classes, indexed by label: T-shirt/top, Trouser, Pullover, Dress, Coat,
   * Sandal, Shirt, Sneaker, Bag, Ankle boot.
   *
   * @return an unmodifiable list of {@value #NUM_CLASSES} names
   */
  public static List<String> classNames() {
    return CLASS_NAMES;
  }

  /**
   * The name of one class.
   *
   * @param label a label in [0, {@value #NUM_CLASSES})
   * @return its name, for example {@code "Trouser"} for 1
   * @throws IllegalArgumentException if the label is out of range
   */
  public static String className(int label) {
    if (label < 0 || label >= NUM_CLASSES) {
      throw new IllegalArgumentException(
          "label "
              + label
              + " is not a Fashion-MNIST class (expected 0 to "
              + (NUM_CLASSES - 1)
              + ")");
    }
    return CLASS_NAMES.get(label);
  }

  /**
   * The {@value #TRAIN_SIZE} training images.
   *
   * @return fresh images, 28×28 each
   * @throws UncheckedIOException if the resource is missing or corrupt
   */
  public static IdxImages trainImages() {
    return images("train-images-idx3-ubyte.gz");
  }

  /**
   * The labels of the training images.
   *
   * @return a fresh array of {@value #TRAIN_SIZE} labels in [0, 9]
   * @throws UncheckedIOException if the resource is missing or corrupt
   */
  public static int[] trainLabels() {
    return labels("train-labels-idx1-ubyte.gz");
  }

  /**
   * The {@value #TEST_SIZE} test images.
   *
   * @return fresh images, 28×28 each
   * @throws UncheckedIOException if the resource is missing or corrupt
   */
  public static IdxImages testImages() {
    return images("t10k-images-idx3-ubyte.gz");
  }

  /**
   * The labels of the test images.
   *
   * @return a fresh array of {@value #TEST_SIZE} labels in [0, 9]
   * @throws UncheckedIOException if the resource is missing or corrupt
   */
  public static int[] testLabels() {
    return labels("t10k-labels-idx1-ubyte.gz");
  }

  /**
   * Opens one of the resources in {@link #RESOURCE_FOLDER}, for example to check its checksum.
   *
   * @param fileName a file name such as {@code "SHA256SUMS"} or one of {@link #FILE_NAMES}
   * @return the open stream; the caller closes it
   * @throws UncheckedIOException if there is no such resource
   */
  public static InputStream openResource(String fileName) {
    String name = RESOURCE_FOLDER + fileName;
    InputStream in = BuiltinData.class.getResourceAsStream(name);
    if (in == null) {
      throw new UncheckedIOException(
          new IOException(
              "class-path resource "
                  + name
                  + " is missing: the mixup4j-core jar is incomplete (expected the built-in"
                  + " Fashion-MNIST subset)"));
    }
    return in;
  }

  private static IdxImages images(String fileName) {
    try {
      return Idx.readImages(openResource(fileName), "classpath:" + RESOURCE_FOLDER + fileName);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int[] labels(String fileName) {
    try {
      return Idx.readLabels(openResource(fileName), "classpath:" + RESOURCE_FOLDER + fileName);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
