package io.github.mixup4j.train.data;

/**
 * Grey-scale images read from an IDX file: {@code count} images of {@code rows × cols} unsigned
 * bytes, stored row-major, image after image.
 *
 * @param count number of images
 * @param rows image height
 * @param cols image width
 * @param pixels {@code count·rows·cols} bytes; read them as unsigned ({@code b & 0xFF})
 */
public record IdxImages(int count, int rows, int cols, byte[] pixels) {
  /** Validates the sizes. */
  public IdxImages {
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
}
