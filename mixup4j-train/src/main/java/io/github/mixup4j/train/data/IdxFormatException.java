package io.github.mixup4j.train.data;

import java.io.IOException;
import java.nio.file.Path;

/** An IDX file that is not what its header or its length promises; the message names the file. */
public final class IdxFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /**
   * Creates the exception.
   *
   * @param file the file that is wrong
   * @param problem what is wrong with it, and what was expected
   */
  public IdxFormatException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  /**
   * Creates the exception with its cause.
   *
   * @param file the file that is wrong
   * @param problem what is wrong with it, and what was expected
   * @param cause the underlying failure
   */
  public IdxFormatException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /**
   * The file that is wrong.
   *
   * @return the file's path as given to the reader
   */
  public Path file() {
    return file;
  }
}
