package io.github.mixup4j.cli;

import io.github.mixup4j.cli.report.DataFile;
import io.github.mixup4j.train.data.BuiltinData;
import io.github.mixup4j.train.data.IdxDataset;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The inputs a data set is read from, each with its SHA-256 ({@link DataFile}): what {@code
 * config.json} records under {@code data_files}, and what {@code --resume} compares with it.
 *
 * <ul>
 *   <li>IDX: the training images and labels, the test images and labels when the folder has them,
 *       and {@code classes.txt} when present — the files {@link DataSource} reads, found by the
 *       same names ({@link IdxDataset#findStandard}).
 *   <li>CIFAR: the batch files read ({@code data_batch_1.bin} … {@code data_batch_5.bin} and {@code
 *       test_batch.bin}, or {@code train.bin} and {@code test.bin}), in the folder or its {@code
 *       cifar-10-batches-bin}/{@code cifar-100-binary} sub-folder as {@code CifarDataset} looks
 *       there, and the class-name file ({@code batches.meta.txt}, {@code fine_label_names.txt})
 *       when present.
 *   <li>An image folder: one entry per image root ({@link DataSource#imageRoots}: the training
 *       root, and the test root when there is one), each a digest over its {@code CLASS/IMAGE}
 *       files (hidden ones left out, as the reader leaves them out) and their count.
 *   <li>The built-in subset: its four class-path resources.
 * </ul>
 *
 * <p>Other files in the data folder (a README, a licence) are not inputs: changing them changes
 * nothing.
 */
final class DataProvenance {
  private DataProvenance() {}

  /**
   * Digests the inputs of a data set.
   *
   * @param folder the data folder, or null for the built-in subset
   * @param format the format it was read as ({@link DataSource.Loaded#format()}, never AUTO)
   * @return the inputs in a fixed order
   * @throws IOException if an input cannot be read; the message names it
   */
  static List<DataFile> of(Path folder, DataFormat format) throws IOException {
    if (folder == null) {
      List<DataFile> out = new ArrayList<>();
      for (String name : BuiltinData.FILE_NAMES) {
        out.add(
            DataFile.ofResource(
                BuiltinData.RESOURCE_FOLDER + name, BuiltinData.openResource(name)));
      }
      return out;
    }
    return switch (format) {
      case IDX -> files(idx(folder));
      case CIFAR -> files(cifar(folder));
      case FOLDER -> {
        List<DataFile> out = new ArrayList<>();
        for (Path root : DataSource.imageRoots(folder)) {
          out.add(DataFile.ofFolder(root, images(root)));
        }
        yield out;
      }
      case AUTO -> throw new IllegalArgumentException("format AUTO: expected the format read");
    };
  }

  private static List<DataFile> files(Set<Path> files) throws IOException {
    List<DataFile> out = new ArrayList<>();
    for (Path f : files) {
      out.add(DataFile.ofFile(f));
    }
    return out;
  }

  private static Set<Path> idx(Path folder) throws IOException {
    Set<Path> files = new LinkedHashSet<>();
    files.add(IdxDataset.findStandard(folder, "train-images-idx3-ubyte"));
    files.add(IdxDataset.findStandard(folder, "train-labels-idx1-ubyte"));
    if (DataSource.has(folder, "t10k-images-idx3-ubyte")) {
      files.add(IdxDataset.findStandard(folder, "t10k-images-idx3-ubyte"));
      files.add(IdxDataset.findStandard(folder, "t10k-labels-idx1-ubyte"));
    }
    addIfFile(files, folder.resolve("classes.txt"));
    return files;
  }

  private static Set<Path> cifar(Path folder) {
    boolean ten =
        Files.isRegularFile(folder.resolve("data_batch_1.bin"))
            || Files.isRegularFile(folder.resolve("test_batch.bin"))
            || Files.isDirectory(folder.resolve("cifar-10-batches-bin"));
    String sub = ten ? "cifar-10-batches-bin" : "cifar-100-binary";
    List<String> train = new ArrayList<>();
    if (ten) {
      for (int b = 1; b <= 5; b++) {
        train.add("data_batch_" + b + ".bin");
      }
    } else {
      train.add("train.bin");
    }
    String test = ten ? "test_batch.bin" : "test.bin";
    String meta = ten ? "batches.meta.txt" : "fine_label_names.txt";
    Set<Path> files = new LinkedHashSet<>();
    Path trainDir = cifarDir(folder, train.get(0), sub);
    for (String n : train) {
      files.add(trainDir.resolve(n));
    }
    addIfFile(files, trainDir.resolve(meta));
    // DataSource reads a test part when its file is in the sub-folder if there is one, else here
    Path testHere = Files.isDirectory(folder.resolve(sub)) ? folder.resolve(sub) : folder;
    if (Files.isRegularFile(testHere.resolve(test))) {
      Path testDir = cifarDir(folder, test, sub);
      files.add(testDir.resolve(test));
      addIfFile(files, testDir.resolve(meta));
    }
    return files;
  }

  /** Where {@code CifarDataset} reads a part: here, unless only the sub-folder has its file. */
  private static Path cifarDir(Path folder, String first, String sub) {
    return !Files.isRegularFile(folder.resolve(first)) && Files.isDirectory(folder.resolve(sub))
        ? folder.resolve(sub)
        : folder;
  }

  private static void addIfFile(Set<Path> files, Path p) {
    if (Files.isRegularFile(p)) {
      files.add(p);
    }
  }

  /** The {@code root/CLASS/IMAGE} files of an image root, as {@code ImageFolderDataset} reads. */
  private static List<Path> images(Path root) throws IOException {
    List<Path> images = new ArrayList<>();
    try (DirectoryStream<Path> classes = Files.newDirectoryStream(root)) {
      for (Path c : classes) {
        if (hidden(c) || !Files.isDirectory(c)) {
          continue;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(c)) {
          for (Path f : files) {
            if (!hidden(f) && Files.isRegularFile(f)) {
              images.add(f);
            }
          }
        }
      }
    }
    return images;
  }

  private static boolean hidden(Path p) {
    return p.getFileName().toString().startsWith(".");
  }
}
