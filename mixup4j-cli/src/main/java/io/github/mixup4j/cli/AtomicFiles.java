package io.github.mixup4j.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/** Writes a file completely or not at all: a temporary file in the same folder, then a rename. */
final class AtomicFiles {
  private static final SecureRandom RANDOM = new SecureRandom();

  private AtomicFiles() {}

  /** Writes a file's content. */
  @FunctionalInterface
  interface Content {
    /**
     * Writes the content.
     *
     * @param out the stream; do not close it
     * @throws IOException if writing fails
     */
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code target} atomically. On failure the old file (if any) is left as it was and the
   * temporary file is removed.
   *
   * @param target the file to write
   * @param content what to write
   * @return the absolute, normalised path written
   * @throws IOException if the folder is missing, the target is a folder, or writing fails
   */
  static Path write(Path target, Content content) throws IOException {
    Path file = target.toAbsolutePath().normalize();
    Path dir = file.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IOException("cannot write " + file + ": folder " + dir + " does not exist");
    }
    if (Files.isDirectory(file)) {
      throw new IOException("cannot write " + file + ": it is a folder (expected a file name)");
    }
    // Not Files.createTempFile: its 0600 permissions would end up on the target. A new file gets
    // the usual permissions (umask), and CREATE_NEW never touches a file that already exists.
    Path tmp =
        dir.resolve("." + file.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
    try {
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
        content.writeTo(out);
        out.flush();
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return file;
  }
}
