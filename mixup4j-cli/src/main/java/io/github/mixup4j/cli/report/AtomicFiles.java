package io.github.mixup4j.cli.report;

import java.awt.image.RenderedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Writes files and whole directories so that a reader (or a run resumed after a crash) sees either
 * the old content or the new one, never a half-written file.
 *
 * <p>A file is written to a temporary file in the same folder ({@code .NAME.RANDOM.tmp}), forced to
 * disk, and renamed over the target with {@link StandardCopyOption#ATOMIC_MOVE}. A directory is
 * written into a temporary sibling folder and renamed into place; an existing directory is first
 * renamed away, then the new one renamed in, then the old one deleted. If the writer fails, the
 * temporary file or folder is deleted and the target is left as it was.
 *
 * <p>Every failure is an {@link IOException} whose message names the target path.
 */
public final class AtomicFiles {

  /**
   * Fills a stream or a folder; unlike {@link java.util.function.Consumer} it may throw {@link
   * IOException}.
   *
   * @param <T> what is written to: an {@link OutputStream} or a folder {@link Path}
   */
  @FunctionalInterface
  public interface Writer<T> {
    /**
     * Writes the content.
     *
     * @param target the stream or the temporary folder to write into
     * @throws IOException if writing fails; the target file is then left unchanged
     */
    void write(T target) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * Writes {@code bytes} to {@code target} atomically.
   *
   * @param target the file to create or replace
   * @param bytes the whole content
   * @throws IOException if the file cannot be written; the message names {@code target}
   */
  public static void writeBytes(Path target, byte[] bytes) throws IOException {
    Objects.requireNonNull(bytes, "bytes");
    write(target, out -> out.write(bytes));
  }

  /**
   * Writes {@code text} to {@code target} atomically, encoded as UTF-8.
   *
   * @param target the file to create or replace
   * @param text the whole content
   * @throws IOException if the file cannot be written; the message names {@code target}
   */
  public static void writeString(Path target, CharSequence text) throws IOException {
    Objects.requireNonNull(text, "text");
    writeBytes(target, text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes {@code image} as PNG to {@code target} atomically.
   *
   * @param target the file to create or replace, usually named {@code *.png}
   * @param image the image
   * @throws IOException if the file cannot be written; the message names {@code target}
   */
  public static void writePng(Path target, RenderedImage image) throws IOException {
    writeImage(target, image, "png");
  }

  /**
   * Writes {@code image} in an {@link ImageIO} format to {@code target} atomically.
   *
   * @param target the file to create or replace
   * @param image the image
   * @param format an ImageIO format name such as {@code "png"}
   * @throws IOException if the file cannot be written or no ImageIO writer knows {@code format};
   *     the message names {@code target}
   */
  public static void writeImage(Path target, RenderedImage image, String format)
      throws IOException {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(format, "format");
    write(
        target,
        out -> {
          if (!ImageIO.write(image, format, out)) {
            throw new IOException("no ImageIO writer for format '" + format + "'");
          }
        });
  }

  /**
   * Writes {@code target} atomically with content produced by {@code writer}.
   *
   * <p>The writer gets a buffered stream to a temporary file in the same folder; it must not close
   * it. When the writer returns, the file is flushed, forced to disk and renamed over {@code
   * target}. When the writer throws, the temporary file is deleted, {@code target} is unchanged and
   * the exception is rethrown (an {@link IOException} wrapped in one that names {@code target}).
   *
   * @param target the file to create or replace
   * @param writer writes the whole content
   * @throws IOException if the file cannot be written; the message names {@code target}
   */
  public static void write(Path target, Writer<OutputStream> writer) throws IOException {
    Objects.requireNonNull(writer, "writer");
    Path file = absolute(target);
    Path dir = file.getParent();
    if (!Files.isDirectory(dir)) {
      throw new IOException("Cannot write " + file + ": folder " + dir + " does not exist");
    }
    if (Files.isDirectory(file)) {
      throw new IOException("Cannot write " + file + ": it is a folder (expected a file name)");
    }
    Path tmp = null;
    boolean moved = false;
    try {
      // not Files.createTempFile: it makes the file owner-only (0600); this honours the umask
      tmp = dir.resolve("." + file.getFileName() + "." + randomSuffix() + ".tmp");
      try (FileChannel channel =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        writer.write(new NonClosingOutputStream(out));
        out.flush();
        channel.force(true);
      }
      move(tmp, file);
      moved = true;
      syncDirectory(dir);
    } catch (IOException e) {
      throw failure("write", file, e);
    } finally {
      if (tmp != null && !moved) {
        deleteQuietly(tmp);
      }
    }
  }

  /**
   * Writes the directory {@code target} atomically with content produced by {@code writer}.
   *
   * <p>The writer fills a new temporary sibling folder ({@code .NAME.RANDOM.tmp}), for example with
   * DJL's {@code Model.save(folder, name)}, which writes its files in place. When the writer
   * returns, the folder is renamed to {@code target}. An existing {@code target} is renamed to a
   * sibling {@code .NAME.RANDOM.old} first and deleted after the new folder is in place, so at
   * every moment one complete version exists. When the writer throws, the temporary folder is
   * deleted and {@code target} is unchanged.
   *
   * @param target the folder to create or replace; its parent must exist
   * @param writer writes the files of the folder into the path it is given
   * @throws IOException if the folder cannot be written or replaced; the message names {@code
   *     target}
   */
  public static void writeDirectory(Path target, Writer<Path> writer) throws IOException {
    Objects.requireNonNull(writer, "writer");
    Path dirPath = absolute(target);
    Path parent = dirPath.getParent();
    String name = dirPath.getFileName().toString();
    Path tmp = null;
    boolean moved = false;
    try {
      if (Files.exists(dirPath) && !Files.isDirectory(dirPath)) {
        throw new IOException("it exists and is not a directory");
      }
      // not Files.createTempDirectory: it makes the folder owner-only (0700)
      tmp = Files.createDirectory(parent.resolve("." + name + "." + randomSuffix() + ".tmp"));
      writer.write(tmp);
      syncTree(tmp);
      Path old = null;
      if (Files.exists(dirPath)) {
        old = parent.resolve("." + name + "." + randomSuffix() + ".old");
        Files.move(dirPath, old, StandardCopyOption.ATOMIC_MOVE);
      }
      try {
        Files.move(tmp, dirPath, StandardCopyOption.ATOMIC_MOVE);
        moved = true;
      } catch (IOException e) {
        if (old != null) {
          try {
            Files.move(old, dirPath, StandardCopyOption.ATOMIC_MOVE);
          } catch (IOException restore) {
            e.addSuppressed(restore);
          }
        }
        throw e;
      }
      syncDirectory(parent);
      if (old != null) {
        deleteRecursively(old);
      }
    } catch (IOException e) {
      throw failure("write directory", dirPath, e);
    } finally {
      if (tmp != null && !moved) {
        deleteQuietly(tmp);
      }
    }
  }

  /**
   * Deletes a file or a folder with everything in it; does nothing if {@code path} does not exist.
   * Symbolic links are deleted, not followed.
   *
   * @param path the file or folder to delete
   * @throws IOException if something cannot be deleted; the message names the path
   */
  public static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.walkFileTree(
          path,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc)
                throws IOException {
              if (exc != null) {
                throw exc;
              }
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (NoSuchFileException ignored) {
      // deleted concurrently: the goal is reached
    } catch (IOException e) {
      throw failure("delete", path, e);
    }
  }

  /** Deletes a temporary file or folder after a failure, without hiding the original error. */
  private static void deleteQuietly(Path tmp) {
    try {
      deleteRecursively(tmp);
    } catch (IOException ignored) {
      // the original failure is what the caller needs to see
    }
  }

  /** {@code .NAME.RANDOM.tmp} or {@code .NAME.RANDOM.old}, RANDOM as {@link #randomSuffix()}. */
  private static final Pattern TEMP = Pattern.compile("\\.(.+)\\.([0-9a-z]{1,13})\\.(tmp|old)");

  /**
   * The target a temporary file or folder of this class was made for: {@code "metrics.csv"} for
   * {@code .metrics.csv.3f9k2x.tmp}, {@code "model"} for {@code .model.1a2b.old}.
   *
   * @param fileName a file name, without folder
   * @return the target's name, or null if {@code fileName} is not a name this class gives to its
   *     temporary files and folders
   */
  public static String tempTarget(String fileName) {
    Matcher m = TEMP.matcher(fileName);
    return m.matches() ? m.group(1) : null;
  }

  /**
   * Deletes what a killed writer left in {@code dir}: the temporary files and folders of this class
   * ({@code .NAME.RANDOM.tmp}, {@code .NAME.RANDOM.old}) whose target NAME {@code ours} accepts.
   * Nothing else is touched, so a user's own {@code .notes.tmp} stays.
   *
   * @param dir the folder to clean; nothing happens if it does not exist
   * @param ours accepts the target names this caller writes, e.g. {@code "metrics.csv"}
   * @return the paths deleted
   * @throws IOException if the folder cannot be listed or a leftover deleted; the message names it
   */
  public static List<Path> deleteLeftovers(Path dir, Predicate<String> ours) throws IOException {
    List<Path> deleted = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return deleted;
    }
    try (var entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        String target = tempTarget(p.getFileName().toString());
        if (target != null && ours.test(target)) {
          deleteRecursively(p);
          deleted.add(p);
        }
      }
    } catch (IOException e) {
      throw failure("clean", dir, e);
    }
    return deleted;
  }

  static String randomSuffix() {
    return Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
  }

  private static Path absolute(Path target) {
    Objects.requireNonNull(target, "target");
    Path abs = target.toAbsolutePath().normalize();
    if (abs.getParent() == null || abs.getFileName() == null) {
      throw new IllegalArgumentException(
          "target = " + target + ": expected a path with a parent folder and a file name");
    }
    return abs;
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      // same folder, so this only happens on exotic file systems: a plain replace is the best left
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Forces a directory entry to disk where the platform allows it (Linux, macOS); else no-op. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // Windows cannot open a directory; durability of the rename is then up to the OS
    }
  }

  private static void syncTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        if (Files.isRegularFile(p)) {
          try (FileChannel channel = FileChannel.open(p, StandardOpenOption.WRITE)) {
            channel.force(true);
          }
        }
      }
    }
  }

  private static IOException failure(String what, Path path, IOException cause) {
    String reason = cause.getMessage();
    if (cause instanceof java.nio.file.FileSystemException) {
      java.nio.file.FileSystemException fse = (java.nio.file.FileSystemException) cause;
      reason = fse.getReason() != null ? fse.getReason() : cause.getClass().getSimpleName();
      if (fse.getFile() != null && !fse.getFile().equals(path.toString())) {
        reason += " (" + fse.getFile() + ")";
      }
    }
    if (reason == null) {
      reason = cause.getClass().getSimpleName();
    }
    return new IOException("Cannot " + what + " " + path + ": " + reason, cause);
  }

  /** Keeps writers from closing the stream before it is flushed and forced to disk. */
  private static final class NonClosingOutputStream extends java.io.FilterOutputStream {
    NonClosingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
