package io.github.mixup4j.train.data;

import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.RandomAccessDataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10 and CIFAR-100 read offline from the binary distribution (Krizhevsky 2009, <a
 * href="https://www.cs.toronto.edu/~kriz/cifar.html">cs.toronto.edu/~kriz/cifar.html</a>).
 *
 * <p>Record layout: CIFAR-10 files ({@code data_batch_1.bin} … {@code data_batch_5.bin}, {@code
 * test_batch.bin}) hold records of 1 label byte + 3072 pixel bytes; CIFAR-100 files ({@code
 * train.bin}, {@code test.bin}) hold 1 coarse label byte + 1 fine label byte + 3072 pixel bytes.
 * The 3072 pixel bytes are the red, green and blue 32×32 planes, row-major, which is already {@code
 * CHW} order. Images become {@code float32 (3, 32, 32)} in {@code [0, 1]}.
 *
 * <p>Class names come from {@code batches.meta.txt} / {@code fine_label_names.txt} / {@code
 * coarse_label_names.txt} when the folder has them, otherwise from {@link ClassNames}.
 */
public final class CifarDataset extends ImageDataset {
  /** Bytes of pixels per record: 3 planes of 32×32. */
  public static final int IMAGE_BYTES = 3 * 32 * 32;

  /** Which dataset, and for CIFAR-100 which label to use. */
  public enum Variant {
    /** CIFAR-10: 10 classes, records of 3073 bytes. */
    CIFAR10(1, 10, "batches.meta.txt"),
    /** CIFAR-100 with the 100 fine labels, records of 3074 bytes. */
    CIFAR100_FINE(2, 100, "fine_label_names.txt"),
    /** CIFAR-100 with the 20 coarse labels (superclasses), records of 3074 bytes. */
    CIFAR100_COARSE(2, 20, "coarse_label_names.txt");

    private final int labelBytes;
    private final int numClasses;
    private final String metaFile;

    Variant(int labelBytes, int numClasses, String metaFile) {
      this.labelBytes = labelBytes;
      this.numClasses = numClasses;
      this.metaFile = metaFile;
    }

    /**
     * Bytes per record: label byte(s) plus {@link #IMAGE_BYTES}.
     *
     * @return 3073 for CIFAR-10, 3074 for CIFAR-100
     */
    public int recordBytes() {
      return labelBytes + IMAGE_BYTES;
    }

    /**
     * Number of classes.
     *
     * @return 10, 100 or 20
     */
    public int numClasses() {
      return numClasses;
    }

    List<String> builtInNames() {
      switch (this) {
        case CIFAR10:
          return ClassNames.CIFAR10;
        case CIFAR100_FINE:
          return ClassNames.CIFAR100_FINE;
        default:
          return ClassNames.CIFAR100_COARSE;
      }
    }

    String describe() {
      return this == CIFAR10
          ? "1 label byte + 3072 pixel bytes for CIFAR-10"
          : "1 coarse + 1 fine label byte + 3072 pixel bytes for CIFAR-100";
    }
  }

  private CifarDataset(Builder builder, ImageData data) {
    super(builder, data);
  }

  /**
   * Creates a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads binary CIFAR files into one {@link ImageData}, in file order.
   *
   * @param variant the format and label to use
   * @param files the files
   * @param classes the class names
   * @return the data
   * @throws IOException if a file is missing, is not a whole number of records, or holds a label
   *     out of range; the message names the file
   */
  static ImageData read(Variant variant, List<Path> files, List<String> classes)
      throws IOException {
    int rec = variant.recordBytes();
    long total = 0;
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new NoSuchFileException(f.toString(), null, "no such CIFAR binary file");
      }
      long len = Files.size(f);
      if (len == 0 || len % rec != 0) {
        throw new IOException(
            f
                + ": length "
                + len
                + " is not a positive multiple of the record size "
                + rec
                + " ("
                + variant.describe()
                + ")");
      }
      total += len / rec;
    }
    if (total * IMAGE_BYTES > Integer.MAX_VALUE - 8) {
      throw new IOException(
          "CIFAR files " + files + " hold " + total + " images, too many for one float array");
    }
    int n = (int) total;
    float[] pixels = new float[n * IMAGE_BYTES];
    int[] labels = new int[n];
    int i = 0;
    int labelOffset = variant == Variant.CIFAR100_FINE ? 1 : 0;
    for (Path f : files) {
      byte[] bytes = Files.readAllBytes(f);
      for (int r = 0; r < bytes.length / rec; r++, i++) {
        int base = r * rec;
        int label = bytes[base + labelOffset] & 0xFF;
        if (label >= variant.numClasses()) {
          throw new IOException(
              f
                  + ": record "
                  + r
                  + " has label "
                  + label
                  + " but "
                  + variant
                  + " has "
                  + variant.numClasses()
                  + " classes (is this the right variant?)");
        }
        labels[i] = label;
        int src = base + variant.labelBytes;
        int dst = i * IMAGE_BYTES;
        for (int k = 0; k < IMAGE_BYTES; k++) {
          pixels[dst + k] = (bytes[src + k] & 0xFF) / 255f;
        }
      }
    }
    return new ImageData(3, 32, 32, pixels, labels, classes);
  }

  /**
   * Reads class names from a meta file (one name per line, blank lines ignored) when it exists and
   * holds the expected count; otherwise returns the built-in names.
   */
  static List<String> classNames(Variant variant, Path folder) throws IOException {
    if (folder != null) {
      Path meta = folder.resolve(variant.metaFile);
      if (Files.isRegularFile(meta)) {
        List<String> names = new ArrayList<>();
        List<String> lines;
        try {
          lines = Files.readAllLines(meta, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
          throw new IOException(meta + ": not UTF-8 text (expected one class name per line)", e);
        }
        for (String line : lines) {
          if (!line.isBlank()) {
            names.add(line.strip());
          }
        }
        if (names.size() != variant.numClasses()) {
          throw new IOException(
              meta
                  + ": holds "
                  + names.size()
                  + " class names but "
                  + variant
                  + " has "
                  + variant.numClasses());
        }
        return names;
      }
    }
    return variant.builtInNames();
  }

  /** Builds a {@link CifarDataset} from a standard folder or a list of files. */
  public static final class Builder extends RandomAccessDataset.BaseBuilder<Builder> {
    private Variant variant = Variant.CIFAR10;
    private Path folder;
    private Dataset.Usage usage;
    private List<Path> files;

    Builder() {}

    /** {@inheritDoc} */
    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Reads the standard files of a folder: for CIFAR-10 {@code data_batch_1.bin} … {@code
     * data_batch_5.bin} ({@code TRAIN}) or {@code test_batch.bin} ({@code TEST}); for CIFAR-100
     * {@code train.bin} or {@code test.bin}. The folder may also be the parent of the extracted
     * {@code cifar-10-batches-bin} or {@code cifar-100-binary} folder.
     *
     * @param folder the folder
     * @param usage {@code TRAIN} or {@code TEST}
     * @return this builder
     */
    public Builder setFolder(Path folder, Dataset.Usage usage) {
      this.folder = folder;
      this.usage = usage;
      return this;
    }

    /**
     * Reads the given binary files, in order, instead of a standard folder.
     *
     * @param files the files
     * @return this builder
     */
    public Builder setFiles(List<Path> files) {
      this.files = List.copyOf(files);
      return this;
    }

    /**
     * Sets the variant (optional, default {@link Variant#CIFAR10}).
     *
     * @param variant the format and label to use
     * @return this builder
     */
    public Builder optVariant(Variant variant) {
      this.variant = variant;
      return this;
    }

    /**
     * Reads the files and builds the dataset.
     *
     * @return the dataset
     * @throws IOException if a file is missing or malformed; the message names the file
     * @throws IllegalArgumentException if not exactly one of folder or files is set, the usage is
     *     not TRAIN or TEST, or the sampling is not set
     */
    public CifarDataset build() throws IOException {
      if ((folder == null) == (files == null)) {
        throw new IllegalArgumentException(
            "set exactly one source: setFolder(Path, Usage) or setFiles(List<Path>)");
      }
      if (variant == null) {
        throw new IllegalArgumentException(
            "variant must not be null (expected one of CIFAR10, CIFAR100_FINE, CIFAR100_COARSE)");
      }
      ImageDataset.requireSampling(sampler);
      List<Path> list = files;
      Path dir = folder;
      if (files != null) {
        if (files.isEmpty()) {
          throw new IllegalArgumentException("setFiles: the list of CIFAR files is empty");
        }
        dir = files.get(0).toAbsolutePath().getParent();
      } else {
        if (usage != Dataset.Usage.TRAIN && usage != Dataset.Usage.TEST) {
          throw new IllegalArgumentException(
              "setFolder usage " + usage + " is not supported (expected TRAIN or TEST)");
        }
        boolean train = usage == Dataset.Usage.TRAIN;
        List<String> names = new ArrayList<>();
        String sub;
        if (variant == Variant.CIFAR10) {
          sub = "cifar-10-batches-bin";
          if (train) {
            for (int b = 1; b <= 5; b++) {
              names.add("data_batch_" + b + ".bin");
            }
          } else {
            names.add("test_batch.bin");
          }
        } else {
          sub = "cifar-100-binary";
          names.add(train ? "train.bin" : "test.bin");
        }
        if (!Files.isRegularFile(dir.resolve(names.get(0)))
            && Files.isDirectory(dir.resolve(sub))) {
          dir = dir.resolve(sub);
        }
        list = new ArrayList<>();
        for (String n : names) {
          Path p = dir.resolve(n);
          if (!Files.isRegularFile(p)) {
            throw new NoSuchFileException(
                p.toString(), null, "missing " + variant + " file (expected " + names + ")");
          }
          list.add(p);
        }
      }
      return new CifarDataset(this, read(variant, list, classNames(variant, dir)));
    }
  }
}
