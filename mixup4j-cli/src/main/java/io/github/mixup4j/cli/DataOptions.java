package io.github.mixup4j.cli;

import io.github.mixup4j.data.BuiltinData;
import io.github.mixup4j.data.Idx;
import io.github.mixup4j.data.IdxImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code --data} option: a folder of IDX files, or the built-in Fashion-MNIST subset.
 *
 * <p>A folder holds {@code train-images-idx3-ubyte} and {@code train-labels-idx1-ubyte} (or the
 * {@code t10k-} pair), each raw or {@code .gz}, as MNIST and Fashion-MNIST are distributed. Class
 * names come from an optional {@code classes.txt} (one name per line, in label order); without it
 * the labels' numbers are used.
 */
public final class DataOptions {
  @Option(
      names = "--data",
      order = 10,
      paramLabel = "FOLDER",
      description =
          "Folder of IDX files (train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz], or"
              + " the t10k- pair; optional classes.txt). Default: the built-in Fashion-MNIST"
              + " subset.")
  Path data;

  /** Creates the mixin; picocli fills it in. */
  public DataOptions() {}

  /**
   * Loads the training images of the chosen data.
   *
   * @return the images with labels and class names
   * @throws IOException if the folder or its files are missing or malformed; the message names them
   */
  LabeledImages loadTrain() throws IOException {
    if (data == null) {
      return new LabeledImages(
          BuiltinData.trainImages(),
          BuiltinData.trainLabels(),
          BuiltinData.classNames(),
          "built-in Fashion-MNIST subset");
    }
    if (!Files.exists(data)) {
      throw new NoSuchFileException(data.toString(), null, "--data folder does not exist");
    }
    if (!Files.isDirectory(data)) {
      throw new IOException("--data " + data + " is not a folder (expected a folder of IDX files)");
    }
    for (String split : List.of("train", "t10k")) {
      Path images = find(split + "-images-idx3-ubyte");
      if (images != null) {
        Path labels = find(split + "-labels-idx1-ubyte");
        if (labels == null) {
          throw new IOException(
              "data folder "
                  + data
                  + " has "
                  + images.getFileName()
                  + " but no "
                  + split
                  + "-labels-idx1-ubyte[.gz]");
        }
        IdxImages img = Idx.readImages(images);
        int[] lab = Idx.readLabels(labels);
        return new LabeledImages(img, lab, classNames(lab), data.toString());
      }
    }
    throw new IOException(
        "data folder "
            + data
            + " has no IDX images (expected train-images-idx3-ubyte[.gz] or"
            + " t10k-images-idx3-ubyte[.gz])");
  }

  private Path find(String stem) {
    for (String name : List.of(stem, stem + ".gz")) {
      Path p = data.resolve(name);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  private List<String> classNames(int[] labels) throws IOException {
    Path file = data.resolve("classes.txt");
    if (Files.isRegularFile(file)) {
      List<String> names = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          names.add(line.strip());
        }
      }
      return names;
    }
    int max = -1;
    for (int label : labels) {
      max = Math.max(max, label);
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i <= max; i++) {
      names.add(Integer.toString(i));
    }
    return names;
  }
}
