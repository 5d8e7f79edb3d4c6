package io.github.mixup4j;

/**
 * A rectangle of an image, half-open: rows {@code [y0, y1)} and columns {@code [x0, x1)}.
 *
 * @param y0 first row inside the box
 * @param x0 first column inside the box
 * @param y1 first row below the box
 * @param x1 first column right of the box
 */
public record Box(int y0, int x0, int y1, int x1) {
  /** Checks that the box is not inverted. */
  public Box {
    if (y0 < 0 || x0 < 0 || y1 < y0 || x1 < x0) {
      throw new IllegalArgumentException(
          "box [y0="
              + y0
              + ", x0="
              + x0
              + ", y1="
              + y1
              + ", x1="
              + x1
              + "]: expected 0 <= y0 <= y1 and 0 <= x0 <= x1");
    }
  }

  /**
   * The box's height.
   *
   * @return {@code y1 − y0}
   */
  public int height() {
    return y1 - y0;
  }

  /**
   * The box's width.
   *
   * @return {@code x1 − x0}
   */
  public int width() {
    return x1 - x0;
  }

  /**
   * The number of pixels inside the box.
   *
   * @return {@code height · width}
   */
  public long area() {
    return (long) height() * width();
  }
}
