package io.github.mixup4j.cli.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One input of a run's data with its SHA-256, as {@code config.json} records it under {@code
 * data_files}, so that {@code --resume} can refuse data that changed since the run started.
 *
 * <ul>
 *   <li>{@code "file"}: a data file (IDX, CIFAR binary, {@code classes.txt}, a CIFAR meta file);
 *       {@code sha256} is the SHA-256 of its bytes, what {@code sha256sum FILE} prints.
 *   <li>{@code "folder"}: an image folder ({@code ROOT/CLASS/IMAGE}); {@code files} images of
 *       {@code bytes} bytes in all, and {@code sha256} the SHA-256 of their list in the format of
 *       {@code sha256sum} ({@code HEX CLASS/IMAGE}, one line each, sorted by the UTF-8 bytes of the
 *       name), so {@code cd ROOT && find -L . -mindepth 2 -maxdepth 2 -type f -not -path './.*'
 *       -not -name '.*' | cut -c3- | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum} prints it
 *       too. Names and contents count; times and permissions do not.
 *   <li>{@code "resource"}: a class-path resource of the built-in data; {@code path} is {@code
 *       classpath:/…}.
 * </ul>
 *
 * @param path the file's or folder's absolute real path, or {@code classpath:/…}
 * @param kind {@code "file"}, {@code "folder"} or {@code "resource"}
 * @param bytes its size in bytes (a folder: the sum over its images)
 * @param files how many files the digest covers: 1, or a folder's images
 * @param sha256 64 lower-case hex digits
 */
public record DataFile(String path, String kind, long bytes, int files, String sha256) {

  /** {@link #kind()} of a data file. */
  public static final String FILE = "file";

  /** {@link #kind()} of an image folder. */
  public static final String FOLDER = "folder";

  /** {@link #kind()} of a class-path resource. */
  public static final String RESOURCE = "resource";

  /**
   * Digests a file.
   *
   * @param file the file
   * @return its entry, with its absolute real path
   * @throws IOException if it cannot be read; the message names it
   */
  public static DataFile ofFile(Path file) throws IOException {
    Path real = file.toRealPath();
    return new DataFile(real.toString(), FILE, Files.size(real), 1, Checksums.sha256(real));
  }

  /**
   * Digests the images of an image folder.
   *
   * @param root the folder
   * @param images its images, each {@code root/CLASS/IMAGE}
   * @return its entry, with the folder's absolute real path
   * @throws IOException if an image cannot be read; the message names it
   */
  public static DataFile ofFolder(Path root, List<Path> images) throws IOException {
    List<String[]> named = new ArrayList<>();
    for (Path p : images) {
      named.add(new String[] {root.relativize(p).toString().replace('\\', '/'), p.toString()});
    }
    named.sort(
        (a, b) ->
            Arrays.compareUnsigned(
                a[0].getBytes(StandardCharsets.UTF_8), b[0].getBytes(StandardCharsets.UTF_8)));
    StringBuilder list = new StringBuilder();
    long bytes = 0;
    for (String[] n : named) {
      Path p = Path.of(n[1]);
      bytes += Files.size(p);
      list.append(Checksums.sha256(p)).append("  ").append(n[0]).append('\n');
    }
    MessageDigest md = Checksums.newSha256();
    String digest =
        HexFormat.of().formatHex(md.digest(list.toString().getBytes(StandardCharsets.UTF_8)));
    return new DataFile(root.toRealPath().toString(), FOLDER, bytes, named.size(), digest);
  }

  /**
   * Digests a class-path resource.
   *
   * @param name its name, {@code /…}
   * @param in the open resource; read to its end and closed
   * @return its entry, {@code path} {@code classpath:NAME}
   * @throws IOException if it cannot be read
   */
  public static DataFile ofResource(String name, InputStream in) throws IOException {
    MessageDigest md = Checksums.newSha256();
    long bytes;
    try (InputStream d = new DigestInputStream(in, md)) {
      bytes = d.transferTo(OutputStream.nullOutputStream());
    }
    return new DataFile(
        "classpath:" + name, RESOURCE, bytes, 1, HexFormat.of().formatHex(md.digest()));
  }

  /**
   * Refuses data that differs from the data a run recorded: every recorded input must be read now
   * with the same size, file count and SHA-256, and nothing else may be read.
   *
   * @param recorded the inputs {@code config.json} recorded
   * @param current the inputs of the data given now
   * @param config the {@code config.json}, named in the message
   * @throws IOException at the first difference, naming the file or folder and, when both exist,
   *     the recorded and the current digest and size
   */
  public static void requireSame(List<DataFile> recorded, List<DataFile> current, Path config)
      throws IOException {
    Map<String, DataFile> now = new LinkedHashMap<>();
    for (DataFile f : current) {
      now.put(f.path(), f);
    }
    for (DataFile was : recorded) {
      Objects.requireNonNull(was, "recorded entry");
      DataFile is = now.remove(was.path());
      if (is == null) {
        throw new IOException(
            "the data changed since the run started: "
                + was.path()
                + " (recorded in "
                + config
                + " with SHA-256 "
                + was.sha256()
                + ") is no longer part of the data");
      }
      if (!is.equals(was)) {
        throw new IOException(
            "the data changed since the run started: "
                + was.path()
                + " has SHA-256 "
                + is.sha256()
                + " ("
                + is.describeSize()
                + ") now, but "
                + config
                + " recorded "
                + was.sha256()
                + " ("
                + was.describeSize()
                + ")");
      }
    }
    if (!now.isEmpty()) {
      DataFile extra = now.values().iterator().next();
      throw new IOException(
          "the data changed since the run started: "
              + extra.path()
              + " (SHA-256 "
              + extra.sha256()
              + ") is part of the data now but is not recorded in "
              + config);
    }
  }

  private String describeSize() {
    return FOLDER.equals(kind) ? files + " files, " + bytes + " bytes" : bytes + " bytes";
  }
}
