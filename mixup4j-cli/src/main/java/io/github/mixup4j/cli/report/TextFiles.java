package io.github.mixup4j.cli.report;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the run folder's text files, naming the file when its bytes are not UTF-8. */
final class TextFiles {
  private TextFiles() {}

  /**
   * The whole file as UTF-8 text.
   *
   * @param file the file
   * @return its text
   * @throws IOException if it cannot be read, or is not UTF-8; the message names the file
   */
  static String read(Path file) throws IOException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      // Files.readString says only "Input length = 1": name the file and what was expected
      throw new IOException(
          file
              + " is not UTF-8 text (a byte sequence UTF-8 does not allow): expected a file"
              + " mixup4j wrote",
          e);
    }
  }
}
