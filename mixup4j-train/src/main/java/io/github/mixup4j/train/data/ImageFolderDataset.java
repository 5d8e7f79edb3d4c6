package io.github.mixup4j.train.data;

import ai.djl.training.dataset.RandomAccessDataset;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Images read offline from a folder tree {@code root/CLASS/IMAGE}, one sub-folder per class.
 *
 * <p>Class names are the sub-folder names sorted by {@link String#compareTo} (hidden folders, whose
 * names start with {@code '.'}, are skipped); files directly inside {@code root} are ignored.
 * Inside a class folder every non-hidden entry must be an image file ({@code .png}, {@code .jpg},
 * {@code .jpeg}, {@code .bmp} or {@code .gif}, any case) that {@link ImageIO} can decode; anything
 * else is an error naming the file (a dangling symbolic link is named as one, here and at the
 * root). A class folder with no image is an error naming the folder.
 *
 * <p>Before an image is decoded, the size its header declares is checked against {@link
 * #MAX_PIXELS}, so a small file declaring a huge image is refused instead of exhausting the heap;
 * and the whole set, {@code N·C·H·W} values, must fit one float array.
 *
 * <p>Each image is decoded, resized to the size given with {@link Builder#setImageSize} by bilinear
 * interpolation with half-pixel centres (as PyTorch's {@code interpolate(…, align_corners=False)}
 * without antialiasing), and stored as {@code float32 (C, H, W)} in {@code [0, 1]}. With one
 * channel, colour images are converted to luminance {@code 0.299 R + 0.587 G + 0.114 B} (ITU-R
 * BT.601); with three, grey images are repeated on each channel. Alpha is ignored. Grey images are
 * read from their raster, not through {@code getRGB}, so their values are not gamma-converted.
 *
 * <p>This class is used instead of DJL's {@code ai.djl.basicdataset.cv.classification.ImageFolder}
 * because that one silently skips files it does not recognise and decodes every image again on each
 * access, while mixup4j wants all pixels in one {@link ImageData} and clear errors.
 */
public final class ImageFolderDataset extends ImageDataset {
  private static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

  /**
   * The most pixels an image file may declare: {@value} (2²⁵, e.g. 8192×4096). Decoding keeps about
   * 20 bytes per pixel alive at once (the decoded image, its ARGB copy and three float planes), so
   * this caps one image at about 670 MB; a larger declared size is refused from the file's header,
   * before decoding.
   */
  public static final long MAX_PIXELS = 1L << 25;

  /** The most float values one array can hold on HotSpot. */
  private static final long MAX_VALUES = Integer.MAX_VALUE - 8L;

  private ImageFolderDataset(Builder builder, ImageData data) {
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
   * Reads a folder tree into an {@link ImageData}.
   *
   * @param root the root folder
   * @param channels 1 or 3
   * @param height target height
   * @param width target width
   * @return the data, classes sorted by name, images in sorted file-name order within a class
   * @throws IOException if the root is missing, has no class folder, a class folder is empty, or a
   *     file is not a decodable image; the message names the folder or file
   */
  static ImageData read(Path root, int channels, int height, int width) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new NoSuchFileException(root.toString(), null, "image folder root does not exist");
    }
    List<Path> classDirs;
    try (Stream<Path> s = Files.list(root)) {
      classDirs =
          s.filter(p -> !p.getFileName().toString().startsWith(".")).collect(Collectors.toList());
    }
    for (Path p : classDirs) {
      if (Files.isSymbolicLink(p) && !Files.exists(p)) {
        throw notAFile(p); // a link meant as a class folder must not silently drop the class
      }
    }
    classDirs =
        classDirs.stream()
            .filter(Files::isDirectory)
            .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
            .collect(Collectors.toList());
    if (classDirs.isEmpty()) {
      throw new IOException(
          root + ": no class folders (expected root/CLASS/IMAGE, one sub-folder per class)");
    }
    List<String> classes = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    List<Integer> labelList = new ArrayList<>();
    for (int k = 0; k < classDirs.size(); k++) {
      Path dir = classDirs.get(k);
      classes.add(dir.getFileName().toString());
      List<Path> entries;
      try (Stream<Path> s = Files.list(dir)) {
        entries =
            s.filter(p -> !p.getFileName().toString().startsWith("."))
                .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                .collect(Collectors.toList());
      }
      for (Path p : entries) {
        if (!Files.isRegularFile(p)) {
          throw notAFile(p);
        }
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (!EXTENSIONS.contains(ext)) {
          throw new IOException(
              p + ": not an image file (expected one of " + EXTENSIONS + " extensions)");
        }
        files.add(p);
        labelList.add(k);
      }
      if (entries.isEmpty()) {
        throw new IOException(dir + ": class folder holds no images");
      }
    }
    long sample = (long) channels * height * width;
    long values = files.size() * sample;
    if (values > MAX_VALUES) {
      throw new IOException(
          String.format(
              Locale.ROOT,
              "%s: %d images of %d×%d×%d need %,d values, more than one float array holds (%,d):"
                  + " choose a smaller image size",
              root,
              files.size(),
              channels,
              height,
              width,
              values,
              MAX_VALUES));
    }
    float[] pixels = new float[(int) values];
    int[] labels = new int[files.size()];
    for (int i = 0; i < files.size(); i++) {
      decode(files.get(i), channels, height, width, pixels, (int) (i * sample));
      labels[i] = labelList.get(i);
    }
    return new ImageData(channels, height, width, pixels, labels, classes);
  }

  private static void decode(Path file, int channels, int height, int width, float[] out, int off)
      throws IOException {
    BufferedImage img = readImage(file);
    int w0 = img.getWidth();
    int h0 = img.getHeight();
    Raster raster = img.getRaster();
    boolean grey =
        img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
            && raster.getNumBands() == 1;
    float[][] planes;
    if (grey) {
      float max = (1 << img.getColorModel().getComponentSize(0)) - 1;
      float[] g = new float[w0 * h0];
      int[] row = new int[w0];
      for (int y = 0; y < h0; y++) {
        raster.getSamples(0, y, w0, 1, 0, row);
        for (int x = 0; x < w0; x++) {
          g[y * w0 + x] = row[x] / max;
        }
      }
      planes = new float[][] {g};
    } else {
      int[] argb = img.getRGB(0, 0, w0, h0, null, 0, w0);
      float[] r = new float[w0 * h0];
      float[] gr = new float[w0 * h0];
      float[] b = new float[w0 * h0];
      for (int i = 0; i < argb.length; i++) {
        r[i] = ((argb[i] >> 16) & 0xFF) / 255f;
        gr[i] = ((argb[i] >> 8) & 0xFF) / 255f;
        b[i] = (argb[i] & 0xFF) / 255f;
      }
      planes = new float[][] {r, gr, b};
    }
    for (int p = 0; p < planes.length; p++) {
      planes[p] = resize(planes[p], h0, w0, height, width);
    }
    int plane = height * width;
    if (channels == 1 && planes.length == 3) {
      for (int i = 0; i < plane; i++) {
        out[off + i] = 0.299f * planes[0][i] + 0.587f * planes[1][i] + 0.114f * planes[2][i];
      }
    } else {
      for (int c = 0; c < channels; c++) {
        System.arraycopy(planes[planes.length == 1 ? 0 : c], 0, out, off + c * plane, plane);
      }
    }
  }

  /**
   * Decodes an image after checking the size its header declares against {@link #MAX_PIXELS}, so
   * that a small file declaring a huge image (a decompression bomb) is refused before any pixel is
   * allocated.
   *
   * @param file the image file
   * @return the decoded image
   * @throws IOException if no ImageIO reader accepts the file, its declared size is not positive or
   *     above {@link #MAX_PIXELS}, or decoding fails; the message names the file
   */
  public static BufferedImage readImage(Path file) throws IOException {
    return withReader(file, true, r -> r.read(0));
  }

  /**
   * Whether an image is grey-scale, judged from the type its reader would decode it to, without
   * decoding it (see {@link #readImage} for the checks).
   *
   * @param file the image file
   * @return true if the image has one colour component
   * @throws IOException as {@link #readImage}
   */
  public static boolean isGrey(Path file) throws IOException {
    return withReader(
        file,
        false,
        r -> {
          java.util.Iterator<javax.imageio.ImageTypeSpecifier> types = r.getImageTypes(0);
          return types.hasNext() && types.next().getColorModel().getNumColorComponents() == 1;
        });
  }

  private interface ReaderCall<T> {
    T apply(ImageReader reader) throws IOException;
  }

  private static <T> T withReader(Path file, boolean decode, ReaderCall<T> call)
      throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) {
        throw new IOException(file + ": cannot open image");
      }
      java.util.Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new IOException(file + ": cannot decode image (no ImageIO reader accepts it)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        if (w < 1 || h < 1 || (long) w * h > MAX_PIXELS) {
          throw new IOException(
              String.format(
                  Locale.ROOT,
                  "%s: declares an image of %d×%d pixels; expected at least 1×1 and at most %,d"
                      + " pixels (a larger image is refused before decoding; resize it first)",
                  file,
                  w,
                  h,
                  MAX_PIXELS));
        }
        T result = call.apply(reader);
        if (result == null) {
          throw new IOException(file + ": cannot decode image (the reader returned nothing)");
        }
        return result;
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
        throw e;
      }
      throw new IOException(file + ": cannot decode image (" + e.getMessage() + ")", e);
    } catch (RuntimeException e) {
      throw new IOException(file + ": cannot decode image (" + e + ")", e);
    }
  }

  /** Names an entry of a class folder that is not a regular file. */
  private static IOException notAFile(Path p) {
    if (Files.isSymbolicLink(p)) {
      String target;
      try {
        target = Files.readSymbolicLink(p).toString();
      } catch (IOException | RuntimeException e) {
        target = "?";
      }
      try {
        p.toRealPath();
      } catch (NoSuchFileException e) {
        return new IOException(
            p + ": dangling symbolic link (its target " + target + " does not exist)");
      } catch (IOException e) {
        return new IOException(
            p + ": symbolic link to " + target + " cannot be followed (" + e.getMessage() + ")");
      }
    }
    if (Files.isDirectory(p)) {
      return new IOException(
          p + ": not an image file (nested folders inside a class folder are not supported)");
    }
    return new IOException(p + ": not a regular file (expected an image file)");
  }

  /**
   * Bilinear resize with half-pixel centres (PyTorch {@code align_corners=False}).
   *
   * @param src source plane, {@code h0×w0}
   * @return the {@code h×w} plane; {@code src} itself if the size is unchanged
   */
  static float[] resize(float[] src, int h0, int w0, int h, int w) {
    if (h0 == h && w0 == w) {
      return src;
    }
    float[] dst = new float[h * w];
    double sy = (double) h0 / h;
    double sx = (double) w0 / w;
    for (int y = 0; y < h; y++) {
      double fy = Math.max(0, (y + 0.5) * sy - 0.5);
      int y0 = Math.min((int) fy, h0 - 1);
      int y1 = Math.min(y0 + 1, h0 - 1);
      double ly = fy - y0;
      for (int x = 0; x < w; x++) {
        double fx = Math.max(0, (x + 0.5) * sx - 0.5);
        int x0 = Math.min((int) fx, w0 - 1);
        int x1 = Math.min(x0 + 1, w0 - 1);
        double lx = fx - x0;
        double top = src[y0 * w0 + x0] * (1 - lx) + src[y0 * w0 + x1] * lx;
        double bottom = src[y1 * w0 + x0] * (1 - lx) + src[y1 * w0 + x1] * lx;
        dst[y * w + x] = (float) (top * (1 - ly) + bottom * ly);
      }
    }
    return dst;
  }

  /** Builds an {@link ImageFolderDataset}. */
  public static final class Builder extends RandomAccessDataset.BaseBuilder<Builder> {
    private Path root;
    private int height;
    private int width;
    private int channels = 3;

    Builder() {}

    /** {@inheritDoc} */
    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Sets the root folder (required): {@code root/CLASS/IMAGE}.
     *
     * @param root the folder
     * @return this builder
     */
    public Builder setRoot(Path root) {
      this.root = root;
      return this;
    }

    /**
     * Sets the size every image is resized to (required).
     *
     * @param height the height, {@code >= 1}
     * @param width the width, {@code >= 1}
     * @return this builder
     */
    public Builder setImageSize(int height, int width) {
      this.height = height;
      this.width = width;
      return this;
    }

    /**
     * Sets the number of channels (optional, default 3): 1 for grey, 3 for RGB.
     *
     * @param channels 1 or 3
     * @return this builder
     */
    public Builder optChannels(int channels) {
      this.channels = channels;
      return this;
    }

    /**
     * Reads the images and builds the dataset.
     *
     * @return the dataset
     * @throws IOException if the folder tree is missing, empty or holds a file that is not a
     *     decodable image; the message names the folder or file
     * @throws IllegalArgumentException if the root, image size, channels or sampling is not valid
     */
    public ImageFolderDataset build() throws IOException {
      if (root == null) {
        throw new IllegalArgumentException("root is not set: call setRoot(Path)");
      }
      if (height < 1 || width < 1) {
        throw new IllegalArgumentException(
            "image size must be set to positive values with setImageSize(height, width), got "
                + height
                + "×"
                + width);
      }
      if (channels != 1 && channels != 3) {
        throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
      }
      ImageDataset.requireSampling(sampler);
      return new ImageFolderDataset(this, read(root, channels, height, width));
    }
  }
}
