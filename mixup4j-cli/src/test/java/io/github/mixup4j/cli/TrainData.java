package io.github.mixup4j.cli;

import io.github.mixup4j.train.data.BuiltinData;
import io.github.mixup4j.train.data.Idx;
import io.github.mixup4j.train.data.IdxImages;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Small real IDX folders cut from the built-in Fashion-MNIST subset, for fast training tests. */
final class TrainData {
  private TrainData() {}

  /** Writes the first {@code train} training and {@code test} test images as an IDX folder. */
  static Path write(Path folder, int train, int test) throws IOException {
    Files.createDirectories(folder);
    cut(folder, "train", BuiltinData.trainImages(), BuiltinData.trainLabels(), train);
    cut(folder, "t10k", BuiltinData.testImages(), BuiltinData.testLabels(), test);
    return folder;
  }

  private static void cut(Path folder, String prefix, IdxImages images, int[] labels, int n)
      throws IOException {
    int size = images.rows() * images.cols();
    IdxImages part =
        new IdxImages(n, images.rows(), images.cols(), Arrays.copyOf(images.pixels(), n * size));
    try (OutputStream o = Files.newOutputStream(folder.resolve(prefix + "-images-idx3-ubyte"))) {
      Idx.writeImages(part, o);
    }
    try (OutputStream o = Files.newOutputStream(folder.resolve(prefix + "-labels-idx1-ubyte"))) {
      Idx.writeLabels(Arrays.copyOf(labels, n), o);
    }
  }
}
