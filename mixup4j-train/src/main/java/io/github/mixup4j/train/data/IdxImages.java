package io.github.mixup4j.train.data;

import java.util.Arrays;

/**
 * Grey-scale images read from an IDX file: {@code count} images of {@code rows × cols} unsigned
 * bytes, stored row-major, image after image. Immutable: the constructor copies the bytes and
 * {@link #pixels()} returns a copy (the readers of this package hand their freshly read array over
 * without a copy).
 */
public final class IdxImages {
  private final int count;
  private final int rows;
  private final int cols;
  private final byte[] pixels;

  /**
   * Images from their bytes.
   *
   * @param count number of images
   * @param rows image height
   * @param cols image width
   * @param pixels {@code count·rows·cols} bytes, read as unsigned ({@code b & 0xFF}); copied
   * @throws IllegalArgumentException if a size is negative or the bytes do not fit the sizes
   */
  public IdxImages(int count, int rows, int cols, byte[] pixels) {
    this(count, rows, cols, pixels.clone(), true);
  }

  /** Takes {@code pixels} as they are: for the readers of this package, whose array is fresh. */
  IdxImages(int count, int rows, int cols, byte[] pixels, boolean owned) {
    if (count < 0 || rows < 0 || cols < 0) {
      throw new IllegalArgumentException(
          "IDX image sizes must be >= 0, got count=" + count + " rows=" + rows + " cols=" + cols);
    }
    if ((long) count * rows * cols != pixels.length) {
      throw new IllegalArgumentException(
          "pixels has "
              + pixels.length
              + " bytes, expected count·rows·cols = "
              + ((long) count * rows * cols));
    }
    this.count = count;
    this.rows = rows;
    this.cols = cols;
    this.pixels = pixels;
  }

  /**
   * The number of images.
   *
   * @return count
   */
  public int count() {
    return count;
  }

  /**
   * The image height.
   *
   * @return rows
   */
  public int rows() {
    return rows;
  }

  /**
   * The image width.
   *
   * @return cols
   */
  public int cols() {
    return cols;
  }

  /**
   * A copy of the bytes, image after image, row-major.
   *
   * @return {@code count·rows·cols} bytes; read them as unsigned ({@code b & 0xFF})
   */
  public byte[] pixels() {
    return pixels.clone();
  }

  /** The bytes themselves, not to be changed: for this package's readers and writers. */
  byte[] rawPixels() {
    return pixels;
  }

  /**
   * The unsigned value of one pixel.
   *
   * @param image image index
   * @param row row
   * @param col column
   * @return the pixel in [0, 255]
   */
  public int pixel(int image, int row, int col) {
    return pixels[(image * rows + row) * cols + col] & 0xFF;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdxImages other
        && count == other.count
        && rows == other.rows
        && cols == other.cols
        && Arrays.equals(pixels, other.pixels);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * count + rows) + cols) + Arrays.hashCode(pixels);
  }

  @Override
  public String toString() {
    return "IdxImages[" + count + " images of " + rows + "x" + cols + "]";
  }
}
