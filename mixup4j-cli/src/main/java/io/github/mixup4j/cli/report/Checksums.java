package io.github.mixup4j.cli.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A {@code SHA256SUMS} file inside a saved folder (a model, a checkpoint), so that what is loaded
 * is what was written: DJL 0.36 loads a zero-filled or random {@code .params} file silently as
 * random weights, and a truncated one fails with a bare {@code EOFException}.
 *
 * <p>The file has the format of GNU {@code sha256sum} ({@code HEX NAME} per line, names relative to
 * the folder with {@code /}), so {@code sha256sum -c SHA256SUMS} checks it too. It is written as
 * the last file of a folder that is then renamed into place whole ({@link
 * AtomicFiles#writeDirectory}), so a folder either has its complete list or does not exist.
 */
public final class Checksums {
  /** The file name. */
  public static final String FILE = "SHA256SUMS";

  private static final Pattern LINE = Pattern.compile("([0-9a-f]{64}) [ *](.+)");

  private Checksums() {}

  /**
   * Hashes every regular file under {@code dir} (hidden files included, {@code SHA256SUMS}
   * excluded) and writes {@code dir/SHA256SUMS}.
   *
   * @param dir the folder, usually the temporary folder of {@link AtomicFiles#writeDirectory}
   * @throws IOException if a file cannot be read or the list cannot be written
   */
  public static void write(Path dir) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Path> e : files(dir).entrySet()) {
      sb.append(sha256(e.getValue())).append("  ").append(e.getKey()).append('\n');
    }
    Files.writeString(dir.resolve(FILE), sb, StandardCharsets.UTF_8);
  }

  /**
   * Checks {@code dir} against its {@code SHA256SUMS}: every listed file must exist with the listed
   * SHA-256, and every other file not hidden (not starting with {@code .}) must be listed.
   *
   * @param dir the folder
   * @throws IOException if the list is missing or malformed, or a file is missing, unlisted or
   *     differs; the message names the file and what is wrong
   */
  public static void verify(Path dir) throws IOException {
    Path list = dir.resolve(FILE);
    if (!Files.isRegularFile(list)) {
      throw new IOException(
          list
              + " is missing: the files of "
              + dir
              + " cannot be verified (written by an older mixup4j, or not by mixup4j)");
    }
    Map<String, String> expected = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(list, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = LINE.matcher(lines.get(i));
      if (!m.matches()) {
        throw new IOException(
            list + " line " + (i + 1) + " is not 'SHA256  NAME' (the list is damaged)");
      }
      expected.put(m.group(2), m.group(1));
    }
    Map<String, Path> present = files(dir);
    for (Map.Entry<String, String> e : expected.entrySet()) {
      Path file = present.get(e.getKey());
      if (file == null) {
        throw new IOException(dir.resolve(e.getKey()) + " is missing (listed in " + FILE + ")");
      }
      String actual = sha256(file);
      if (!actual.equals(e.getValue())) {
        long size = Files.size(file);
        throw new IOException(
            file
                + " is damaged: its SHA-256 differs from the one in "
                + FILE
                + " ("
                + describe(file, size)
                + "; it was truncated, overwritten or changed after it was written)");
      }
    }
    for (Map.Entry<String, Path> e : present.entrySet()) {
      String name = e.getValue().getFileName().toString();
      if (!expected.containsKey(e.getKey()) && !name.startsWith(".")) {
        throw new IOException(
            e.getValue() + " is not listed in " + FILE + ": it was not written with this folder");
      }
    }
  }

  /** Size and, for the common damage, what the content looks like. */
  private static String describe(Path file, long size) throws IOException {
    if (size == 0) {
      return "0 bytes";
    }
    if (size <= 64L << 20 && allZero(file)) {
      return size + " bytes, all zero";
    }
    return size + " bytes";
  }

  private static boolean allZero(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        for (int i = 0; i < n; i++) {
          if (buf[i] != 0) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /** Regular files under {@code dir} by their relative name with {@code /}, sorted. */
  private static Map<String, Path> files(Path dir) throws IOException {
    Map<String, Path> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isRegularFile(p)) {
          String name = dir.relativize(p).toString().replace('\\', '/');
          if (!name.equals(FILE)) {
            out.put(name, p);
          }
        }
      }
    }
    return out;
  }

  /**
   * The SHA-256 of a file.
   *
   * @param file the file
   * @return 64 lower-case hex digits
   * @throws IOException if the file cannot be read
   */
  public static String sha256(Path file) throws IOException {
    MessageDigest md = newSha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /**
   * A new SHA-256 digest.
   *
   * @return the digest
   */
  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
