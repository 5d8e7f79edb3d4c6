package io.github.mixup4j.train.data;

import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.RandomAccessDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * MNIST-style images and labels read offline from IDX files (raw or gzip), for example
 * Fashion-MNIST (Xiao et al. 2017, arXiv:1708.07747).
 *
 * <p>Each image is a {@code float32} array of shape {@code (1, H, W)} with values {@code b / 255}
 * in {@code [0, 1]}; each label is a {@code float32} scalar class index. The whole file is held in
 * memory as an {@link ImageData} ({@link #data()}).
 *
 * <pre>{@code
 * IdxDataset train = IdxDataset.builder()
 *     .setFolder(Path.of("fashion-mnist"), Dataset.Usage.TRAIN)
 *     .optClasses(ClassNames.FASHION_MNIST)
 *     .setSampling(128, true)
 *     .build();
 * }</pre>
 */
public final class IdxDataset extends ImageDataset {

  private IdxDataset(Builder builder, ImageData data) {
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
   * Finds an IDX file of a standard name in a folder: {@code base}, {@code base.gz}, or the same
   * with the last {@code '-'} before {@code idx} written as {@code '.'} (a common mirror spelling).
   *
   * @param folder the folder
   * @param base e.g. {@code train-images-idx3-ubyte}
   * @return the first name that exists
   * @throws NoSuchFileException naming the folder and the names tried, if none exists
   */
  public static Path findStandard(Path folder, String base) throws NoSuchFileException {
    String dotted = base.replace("-idx", ".idx");
    String[] names = {base, base + ".gz", dotted, dotted + ".gz"};
    for (String n : names) {
      Path p = folder.resolve(n);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new NoSuchFileException(
        folder.toString(),
        null,
        "no IDX file named " + base + " or " + base + ".gz (also tried " + dotted + "[.gz])");
  }

  /** Builds an {@link IdxDataset} from two IDX files, a standard folder, or arrays in memory. */
  public static final class Builder extends RandomAccessDataset.BaseBuilder<Builder> {
    private Path images;
    private Path labels;
    private Path folder;
    private Dataset.Usage usage;
    private IdxImages memImages;
    private int[] memLabels;
    private List<String> classes;

    Builder() {}

    /** {@inheritDoc} */
    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Sets the images file (rank-3 unsigned-byte IDX, raw or gzip). Required together with {@link
     * #setLabels}, unless {@link #setFolder} or {@link #setData} is used.
     *
     * @param images the file
     * @return this builder
     */
    public Builder setImages(Path images) {
      this.images = images;
      return this;
    }

    /**
     * Sets the labels file (rank-1 unsigned-byte IDX, raw or gzip).
     *
     * @param labels the file
     * @return this builder
     */
    public Builder setLabels(Path labels) {
      this.labels = labels;
      return this;
    }

    /**
     * Reads the standard (Fashion-)MNIST file names from a folder: {@code
     * train-images-idx3-ubyte[.gz]} and {@code train-labels-idx1-ubyte[.gz]} for {@link
     * Dataset.Usage#TRAIN}, {@code t10k-images-idx3-ubyte[.gz]} and {@code
     * t10k-labels-idx1-ubyte[.gz]} for {@link Dataset.Usage#TEST}.
     *
     * @param folder the folder holding the files
     * @param usage {@code TRAIN} or {@code TEST}
     * @return this builder
     */
    public Builder setFolder(Path folder, Dataset.Usage usage) {
      this.folder = folder;
      this.usage = usage;
      return this;
    }

    /**
     * Uses images and labels already in memory (for example read from class-path resources with
     * {@link Idx#readImages(java.io.InputStream, String)}).
     *
     * @param images the images
     * @param labels one label per image
     * @return this builder
     */
    public Builder setData(IdxImages images, int[] labels) {
      this.memImages = images;
      this.memLabels = labels;
      return this;
    }

    /**
     * Sets the class names (optional). Defaults to {@code "0"} … {@code "K-1"} where {@code K} is
     * the largest label plus one; pass {@link ClassNames#FASHION_MNIST} for Fashion-MNIST.
     *
     * @param classes the names; every label must be below {@code classes.size()}
     * @return this builder
     */
    public Builder optClasses(List<String> classes) {
      this.classes = List.copyOf(classes);
      return this;
    }

    /**
     * Reads the data and builds the dataset.
     *
     * @return the dataset
     * @throws IOException if a file is missing or malformed, or the image and label counts differ
     *     (the message names the files and the counts)
     * @throws IllegalArgumentException if not exactly one source (files, folder, or memory) is set,
     *     the usage is not TRAIN or TEST, or the sampling is not set
     */
    public IdxDataset build() throws IOException {
      int sources =
          (images != null || labels != null ? 1 : 0)
              + (folder != null ? 1 : 0)
              + (memImages != null ? 1 : 0);
      if (sources != 1) {
        throw new IllegalArgumentException(
            "set exactly one source: setImages+setLabels, setFolder, or setData (got "
                + sources
                + ")");
      }
      ImageDataset.requireSampling(sampler);
      if (memImages != null) {
        if (memLabels == null) {
          throw new IllegalArgumentException("setData: labels must not be null");
        }
        return new IdxDataset(this, toData(memImages, memLabels, "images", "labels"));
      }
      Path imagesFile = images;
      Path labelsFile = labels;
      if (folder != null) {
        String prefix;
        if (usage == Dataset.Usage.TRAIN) {
          prefix = "train";
        } else if (usage == Dataset.Usage.TEST) {
          prefix = "t10k";
        } else {
          throw new IllegalArgumentException(
              "setFolder usage " + usage + " is not supported (expected TRAIN or TEST)");
        }
        imagesFile = findStandard(folder, prefix + "-images-idx3-ubyte");
        labelsFile = findStandard(folder, prefix + "-labels-idx1-ubyte");
      } else if (imagesFile == null || labelsFile == null) {
        throw new IllegalArgumentException(
            (imagesFile == null ? "images" : "labels")
                + " file is not set: call both setImages(Path) and setLabels(Path)");
      }
      IdxImages img = Idx.readImages(imagesFile);
      int[] lab = Idx.readLabels(labelsFile);
      try {
        return new IdxDataset(this, toData(img, lab, imagesFile.toString(), labelsFile.toString()));
      } catch (IllegalArgumentException e) {
        throw new IOException(e.getMessage(), e);
      }
    }

    private ImageData toData(IdxImages img, int[] lab, String imagesName, String labelsName) {
      if (img.count() != lab.length) {
        throw new IllegalArgumentException(
            imagesName
                + " holds "
                + img.count()
                + " images but "
                + labelsName
                + " holds "
                + lab.length
                + " labels (expected equal counts)");
      }
      int max = -1;
      for (int l : lab) {
        max = Math.max(max, l);
      }
      List<String> names = classes != null ? classes : ImageData.numberedClasses(max + 1);
      if (max >= names.size()) {
        throw new IllegalArgumentException(
            labelsName
                + " holds label "
                + max
                + " but only "
                + names.size()
                + " classes are named");
      }
      if (names.isEmpty()) {
        names = ImageData.numberedClasses(1);
      }
      return ImageData.fromIdx(img, lab, names);
    }
  }
}
