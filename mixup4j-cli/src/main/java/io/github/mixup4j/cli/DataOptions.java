package io.github.mixup4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The data options of {@code preview}: {@code --data}, {@code --format} and {@code --image-size},
 * with the meaning they have for {@code train}. Loading goes through {@link DataSource}, the one
 * data-loading path of the tool, so every format {@code train} reads can be previewed.
 */
public final class DataOptions {
  /** The fraction held out for validation when the data has no test part, as train's default. */
  static final double VALIDATION_SPLIT = 0.1;

  @Option(
      names = "--data",
      order = 10,
      paramLabel = "FOLDER",
      description =
          "Data folder: IDX files, CIFAR binary files or one folder of images per class"
              + " (detected). Default: the built-in Fashion-MNIST subset.")
  Path data;

  @Option(
      names = "--format",
      order = 11,
      paramLabel = "FORMAT",
      defaultValue = "auto",
      description = "Data format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  DataFormat format;

  @Option(
      names = "--image-size",
      order = 12,
      paramLabel = "PIXELS",
      defaultValue = "32",
      description =
          "Side images of an image folder are resized to, 1 to 1024 (default: ${DEFAULT-VALUE}).")
  int imageSize;

  /** Creates the mixin; picocli fills it in. */
  public DataOptions() {}

  /**
   * Loads the chosen data.
   *
   * @param seed the seed of the validation split, when the data has no test part
   * @return the training and validation parts
   * @throws IOException if the folder or its files are missing, malformed or of no known format;
   *     the message names them
   */
  DataSource.Loaded load(long seed) throws IOException {
    return load(VALIDATION_SPLIT, seed);
  }

  DataSource.Loaded load(double validationSplit, long seed) throws IOException {
    return DataSource.load(data, format, imageSize, validationSplit, seed);
  }

  /**
   * Checks {@code --image-size}, before any data is read.
   *
   * @param commandLine the command these options belong to
   * @throws ParameterException (a usage error) naming the option and the value
   */
  void validate(CommandLine commandLine) {
    checkImageSize(commandLine, imageSize);
  }

  /**
   * Checks an {@code --image-size}.
   *
   * @param commandLine the command of the option
   * @param imageSize the value given
   * @throws ParameterException unless it is in [1, {@link DataSource#MAX_IMAGE_SIZE}]; the message
   *     is {@link DataSource#checkImageSize}'s
   */
  static void checkImageSize(CommandLine commandLine, int imageSize) {
    try {
      DataSource.checkImageSize(imageSize);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(commandLine, e.getMessage(), e);
    }
  }
}
