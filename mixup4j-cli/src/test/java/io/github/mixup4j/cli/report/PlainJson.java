package io.github.mixup4j.cli.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.Strictness;
import com.google.gson.ToNumberPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a JSON file as plain Java values, for tests that look at a file the way any JSON reader
 * would, apart from mixup4j's own records: objects as maps (in file order), arrays as lists,
 * integral numbers as {@code Long}, other numbers as {@code Double}, and strings, booleans, null.
 */
public final class PlainJson {
  private static final Gson GSON =
      new GsonBuilder()
          .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
          .setStrictness(Strictness.STRICT)
          .create();

  private PlainJson() {}

  /**
   * Reads a file.
   *
   * @param file the file
   * @return its value
   * @throws IOException if it cannot be read
   */
  public static Object read(Path file) throws IOException {
    return GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), Object.class);
  }
}
