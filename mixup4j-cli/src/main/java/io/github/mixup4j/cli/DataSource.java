package io.github.mixup4j.cli;

import ai.djl.training.dataset.Dataset;
import io.github.mixup4j.train.data.BuiltinData;
import io.github.mixup4j.train.data.CifarDataset;
import io.github.mixup4j.train.data.IdxDataset;
import io.github.mixup4j.train.data.ImageData;
import io.github.mixup4j.train.data.ImageDataset;
import io.github.mixup4j.train.data.ImageFolderDataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Loads a training, a validation and a test set for the commands: the built-in Fashion-MNIST
 * subset, or a folder in one of the {@link DataFormat}s, detected from its content.
 *
 * <p><b>Validation and test are kept apart.</b> The validation set, on which everything chosen
 * during training is measured (per-epoch numbers, the best epoch, the temperature of temperature
 * scaling), is always a seeded {@code --val-split} fraction of the training part. The test set is
 * the data's own test part when it has one, reported once at the end of a run; data without a test
 * part first gives up a seeded fraction of the same size as its test set ({@link
 * Loaded#testSplit()} says so), and the validation set is then split off the rest.
 */
public final class DataSource {
  private static final String[] IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif"};

  /**
   * The largest side images of a folder are resized to ({@code --image-size}): 1024. The whole set
   * is held as float32 in memory, 12 MB per 3×1024×1024 image, and the model presets are meant for
   * small images (CIFAR's 32, MNIST's 28); beyond 1024 a few hundred images no longer fit one
   * array, and one batch of the presets' activations needs gigabytes.
   */
  static final int MAX_IMAGE_SIZE = 1024;

  private DataSource() {}

  /**
   * A loaded data set.
   *
   * @param train the training images
   * @param validation the validation images, a seeded split of the training part
   * @param test the test images: the data's test part, or a seeded split of the training part
   * @param format the format read ({@link DataFormat#AUTO} never appears)
   * @param description a short text for people, e.g. "built-in Fashion-MNIST subset"
   * @param validationSplit the fraction of the training part split off for validation
   * @param testSplit true if the data had no test part and the test set was split off the training
   *     part (with the same fraction, before the validation split)
   */
  public record Loaded(
      ImageData train,
      ImageData validation,
      ImageData test,
      DataFormat format,
      String description,
      double validationSplit,
      boolean testSplit) {}

  /** Mixed into the seed of the test split, so that it differs from the validation split. */
  private static final long TEST_SPLIT_SALT = 0x7465737473706C74L; // "testsplt"

  /**
   * The three parts from a training part and the data's test part (or null): the test part split
   * off first when there is none, then the validation part.
   */
  private static Loaded parts(
      ImageData train,
      ImageData test,
      double split,
      long seed,
      Object source,
      DataFormat format,
      String description) {
    boolean testSplit = test == null;
    ImageData rest = train;
    if (testSplit) {
      ImageData.Split t = split(train, split, seed ^ TEST_SPLIT_SALT, source);
      rest = t.train();
      test = t.validation();
    }
    ImageData.Split v = split(rest, split, seed, source);
    return new Loaded(v.train(), v.validation(), test, format, description, split, testSplit);
  }

  /**
   * Loads the built-in subset ({@code folder == null}) or a folder.
   *
   * @param folder the data folder, or null for the built-in Fashion-MNIST subset
   * @param format the format, or {@link DataFormat#AUTO}
   * @param imageSize the side images of an image folder are resized to
   * @param validationSplit the fraction of the training part to validate on (and to test on when
   *     the data has no test part), in (0, 1)
   * @param seed the seed of the splits
   * @return train, validation and test sets
   * @throws IOException if the folder is missing, unreadable, empty or of no known format, a part
   *     holds no image, the test part's shape or labels differ from the training part's, or (IDX
   *     without {@code classes.txt}) a class up to the highest label has no training image; the
   *     message names the folder or file
   * @throws IllegalArgumentException if the image size is not in [1, {@link #MAX_IMAGE_SIZE}] or
   *     the validation split leaves a part empty
   */
  public static Loaded load(
      Path folder, DataFormat format, int imageSize, double validationSplit, long seed)
      throws IOException {
    checkImageSize(imageSize);
    if (folder == null) {
      List<String> classes = BuiltinData.classNames();
      return parts(
          ImageData.fromIdx(BuiltinData.trainImages(), BuiltinData.trainLabels(), classes),
          ImageData.fromIdx(BuiltinData.testImages(), BuiltinData.testLabels(), classes),
          validationSplit,
          seed,
          "the built-in training images",
          DataFormat.IDX,
          "built-in Fashion-MNIST subset");
    }
    if (!Files.exists(folder)) {
      throw new NoSuchFileException(folder.toString(), null, "data folder does not exist");
    }
    if (!Files.isDirectory(folder)) {
      throw new IOException("data " + folder + " is not a folder (expected a folder of images)");
    }
    if (!Files.isReadable(folder)) {
      throw new IOException("data folder " + folder + " is not readable");
    }
    DataFormat f = format == DataFormat.AUTO ? detect(folder) : format;
    return switch (f) {
      case IDX -> loadIdx(folder, validationSplit, seed);
      case CIFAR -> loadCifar(folder, validationSplit, seed);
      case FOLDER -> loadFolder(folder, imageSize, validationSplit, seed);
      case AUTO -> throw new AssertionError();
    };
  }

  /**
   * Checks an {@code --image-size}.
   *
   * @param imageSize the side
   * @throws IllegalArgumentException unless it is in [1, {@link #MAX_IMAGE_SIZE}]
   */
  static void checkImageSize(int imageSize) {
    if (imageSize < 1 || imageSize > MAX_IMAGE_SIZE) {
      throw new IllegalArgumentException(
          "--image-size " + imageSize + ": expected 1 to " + MAX_IMAGE_SIZE + " pixels");
    }
  }

  /**
   * Finds a folder's format from its content.
   *
   * @param folder the folder
   * @return IDX, CIFAR or FOLDER
   * @throws IOException if the folder holds none of them; the message says what was expected
   */
  public static DataFormat detect(Path folder) throws IOException {
    if (has(folder, "train-images-idx3-ubyte") || has(folder, "t10k-images-idx3-ubyte")) {
      return DataFormat.IDX;
    }
    for (Path d : List.of(folder, folder.resolve("cifar-10-batches-bin"))) {
      if (Files.isRegularFile(d.resolve("data_batch_1.bin"))
          || Files.isRegularFile(d.resolve("test_batch.bin"))) {
        return DataFormat.CIFAR;
      }
    }
    for (Path d : List.of(folder, folder.resolve("cifar-100-binary"))) {
      if (Files.isRegularFile(d.resolve("train.bin"))
          || Files.isRegularFile(d.resolve("test.bin"))) {
        return DataFormat.CIFAR;
      }
    }
    if (hasSubfolders(folder)) {
      return DataFormat.FOLDER;
    }
    throw new IOException(
        "data folder "
            + folder
            + " has no known format: expected IDX files (train-images-idx3-ubyte[.gz],"
            + " train-labels-idx1-ubyte[.gz]), CIFAR binary files (data_batch_1.bin …"
            + " test_batch.bin, or train.bin/test.bin), or one folder of images per class");
  }

  private static Loaded loadIdx(Path folder, double split, long seed) throws IOException {
    List<String> classes = classesTxt(folder);
    boolean hasTrain = has(folder, "train-images-idx3-ubyte");
    boolean hasTest = has(folder, "t10k-images-idx3-ubyte");
    if (!hasTrain) {
      throw new IOException(
          "data folder " + folder + " has no train-images-idx3-ubyte[.gz] to train on");
    }
    Path trainImages = IdxDataset.findStandard(folder, "train-images-idx3-ubyte");
    Path trainLabels = IdxDataset.findStandard(folder, "train-labels-idx1-ubyte");
    ImageData train = idx(folder, Dataset.Usage.TRAIN, classes);
    nonEmpty(train, trainImages);
    Loaded loaded;
    if (hasTest) {
      Path testImages = IdxDataset.findStandard(folder, "t10k-images-idx3-ubyte");
      Path testLabels = IdxDataset.findStandard(folder, "t10k-labels-idx1-ubyte");
      ImageData test = idx(folder, Dataset.Usage.TEST, classes);
      nonEmpty(test, testImages);
      test = sameAsTraining(test, train, testImages, testLabels, trainImages);
      loaded = parts(train, test, split, seed, trainImages, DataFormat.IDX, folder.toString());
    } else {
      loaded = parts(train, null, split, seed, trainImages, DataFormat.IDX, folder.toString());
    }
    if (classes == null) {
      everyClassTrained(loaded.train(), trainLabels, true);
    }
    return loaded;
  }

  /** An empty part is refused: it would train on nothing or validate on nothing (std = NaN). */
  private static void nonEmpty(ImageData d, Path file) throws IOException {
    if (d.size() == 0) {
      throw new IOException(file + ": holds no images (expected at least one)");
    }
  }

  /**
   * Checks that a test part has the training part's image shape and labels within its classes, and
   * returns it with the training part's class names.
   */
  private static ImageData sameAsTraining(
      ImageData test, ImageData train, Path testImages, Path testLabels, Path trainImages)
      throws IOException {
    if (test.channels() != train.channels()
        || test.height() != train.height()
        || test.width() != train.width()) {
      throw new IOException(
          String.format(
              Locale.ROOT,
              "%s: test images are %d×%d×%d but the training images of %s are %d×%d×%d"
                  + " (expected the same shape)",
              testImages,
              test.channels(),
              test.height(),
              test.width(),
              trainImages,
              train.channels(),
              train.height(),
              train.width()));
    }
    int[] labels = test.labels();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] >= train.numClasses()) {
        throw new IOException(
            testLabels
                + ": test image "
                + i
                + " has label "
                + labels[i]
                + " but the training part has "
                + train.numClasses()
                + " classes (expected labels 0.."
                + (train.numClasses() - 1)
                + ")");
      }
    }
    return new ImageData(
        test.channels(),
        test.height(),
        test.width(),
        test.pixels(),
        test.labels(),
        train.classes());
  }

  /**
   * The rule for the number of classes K of IDX data without {@code classes.txt}: K is the highest
   * training label + 1, and every class 0..K−1 must have a training image — so a stray label such
   * as 200 is an error naming it, not a silent 201-class model.
   */
  private static void everyClassTrained(ImageData train, Path labelsFile, boolean afterSplit)
      throws IOException {
    int k = train.numClasses();
    int[] count = new int[k];
    for (int l : train.labels()) {
      count[l]++;
    }
    List<Integer> missing = new java.util.ArrayList<>();
    for (int c = 0; c < k; c++) {
      if (count[c] == 0) {
        missing.add(c);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    String examples =
        missing.stream()
            .limit(5)
            .map(String::valueOf)
            .collect(java.util.stream.Collectors.joining(", "));
    throw new IOException(
        labelsFile
            + ": the highest label is "
            + (k - 1)
            + ", which makes "
            + k
            + " classes, but "
            + missing.size()
            + (missing.size() == 1 ? " of them (" : " of them (e.g. ")
            + examples
            + ") "
            + (missing.size() == 1 ? "has" : "have")
            + " no training image"
            + (afterSplit ? " after the validation split" : "")
            + "; expected every label 0.."
            + (k - 1)
            + " to occur (or a classes.txt naming the classes)");
  }

  /** Splits off the validation part; a split that leaves a part empty names --val-split. */
  private static ImageData.Split split(ImageData d, double fraction, long seed, Object source) {
    try {
      return d.split(fraction, seed);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--val-split "
              + fraction
              + " on the "
              + d.size()
              + " images of "
              + source
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static ImageData idx(Path folder, Dataset.Usage usage, List<String> classes)
      throws IOException {
    IdxDataset.Builder b = IdxDataset.builder().setFolder(folder, usage).setSampling(1, false);
    if (classes != null) {
      b.optClasses(classes);
    }
    return b.build().data();
  }

  private static Loaded loadCifar(Path folder, double split, long seed) throws IOException {
    boolean ten =
        Files.isRegularFile(folder.resolve("data_batch_1.bin"))
            || Files.isRegularFile(folder.resolve("test_batch.bin"))
            || Files.isDirectory(folder.resolve("cifar-10-batches-bin"));
    CifarDataset.Variant v =
        ten ? CifarDataset.Variant.CIFAR10 : CifarDataset.Variant.CIFAR100_FINE;
    ImageData train = cifar(folder, Dataset.Usage.TRAIN, v);
    ImageData test = null;
    Path dir =
        Files.isDirectory(folder.resolve(ten ? "cifar-10-batches-bin" : "cifar-100-binary"))
            ? folder.resolve(ten ? "cifar-10-batches-bin" : "cifar-100-binary")
            : folder;
    if (Files.isRegularFile(dir.resolve(ten ? "test_batch.bin" : "test.bin"))) {
      test = cifar(folder, Dataset.Usage.TEST, v);
    }
    return parts(train, test, split, seed, folder, DataFormat.CIFAR, folder.toString());
  }

  private static ImageData cifar(Path folder, Dataset.Usage usage, CifarDataset.Variant v)
      throws IOException {
    return CifarDataset.builder()
        .setFolder(folder, usage)
        .optVariant(v)
        .setSampling(1, false)
        .build()
        .data();
  }

  /**
   * The image folders of a folder in the {@link DataFormat#FOLDER} format: its {@code train} (or
   * {@code training}) sub-folder when that holds class folders, with its {@code test} ({@code val},
   * {@code valid}, {@code validation}) sub-folder when there is one; otherwise the folder itself.
   *
   * @param folder the data folder
   * @return the training root, then the test root if any
   * @throws IOException if the folder cannot be listed
   */
  static List<Path> imageRoots(Path folder) throws IOException {
    Path train = null;
    Path test = null;
    for (String t : List.of("train", "training")) {
      if (Files.isDirectory(folder.resolve(t)) && hasSubfolders(folder.resolve(t))) {
        train = folder.resolve(t);
      }
    }
    for (String t : List.of("test", "val", "valid", "validation")) {
      if (train != null && Files.isDirectory(folder.resolve(t))) {
        test = folder.resolve(t);
      }
    }
    return train == null ? List.of(folder) : test == null ? List.of(train) : List.of(train, test);
  }

  private static Loaded loadFolder(Path folder, int size, double split, long seed)
      throws IOException {
    List<Path> roots = imageRoots(folder);
    Path train = roots.get(0);
    Path test = roots.size() > 1 ? roots.get(1) : null;
    int channels = allGrey(train) ? 1 : 3;
    ImageData tr = imageFolder(train, size, channels);
    if (test != null) {
      ImageData te = imageFolder(test, size, channels);
      if (!te.classes().equals(tr.classes())) {
        throw new IOException(
            "class folders of "
                + test
                + " "
                + te.classes()
                + " differ from those of "
                + train
                + " "
                + tr.classes());
      }
      return parts(tr, te, split, seed, train, DataFormat.FOLDER, folder.toString());
    }
    return parts(tr, null, split, seed, train, DataFormat.FOLDER, folder.toString());
  }

  private static ImageData imageFolder(Path root, int size, int channels) throws IOException {
    ImageDataset d =
        ImageFolderDataset.builder()
            .setRoot(root)
            .setImageSize(size, size)
            .optChannels(channels)
            .setSampling(1, false)
            .build();
    return d.data();
  }

  /**
   * Whether every image of the first class folder is grey-scale (then the set is read as 1
   * channel).
   */
  private static boolean allGrey(Path root) throws IOException {
    try (DirectoryStream<Path> classes = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path c : classes) {
        try (Stream<Path> files = Files.list(c)) {
          Path first =
              files
                  .filter(p -> isImage(p) && Files.isRegularFile(p))
                  .sorted()
                  .findFirst()
                  .orElse(null);
          if (first == null) {
            continue;
          }
          // from the header only: a decompression bomb is refused before any pixel is decoded
          return ImageFolderDataset.isGrey(first);
        }
      }
    }
    return false;
  }

  private static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    for (String s : IMAGE_SUFFIXES) {
      if (n.endsWith(s)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code folder} holds {@code stem} or {@code stem.gz}. */
  static boolean has(Path folder, String stem) {
    return Files.isRegularFile(folder.resolve(stem))
        || Files.isRegularFile(folder.resolve(stem + ".gz"));
  }

  private static boolean hasSubfolders(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.anyMatch(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."));
    }
  }

  /** Class names from an optional {@code classes.txt}, one per line, in label order. */
  private static List<String> classesTxt(Path folder) throws IOException {
    Path file = folder.resolve("classes.txt");
    if (!Files.isRegularFile(file)) {
      return null;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IOException(file + ": not UTF-8 text (expected one class name per line)", e);
    }
    List<String> names = lines.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    if (names.isEmpty()) {
      throw new IOException(file + " is empty (expected one class name per line)");
    }
    return names;
  }
}
