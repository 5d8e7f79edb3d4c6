package io.github.mixup4j.cli.report;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive lock on a run folder, so that two trainings (or a training and an {@code
 * --overwrite}) never write one folder at the same time.
 *
 * <p>The lock is an operating-system lock ({@link FileChannel#tryLock()}) on the file {@value
 * #FILE} in the folder, which holds the process id of its holder. The operating system releases it
 * when the process ends, however it ends (a {@code kill -9} included), so a stale lock file never
 * blocks a later run: the file is left in place, only the lock matters. Readers ({@code eval}) do
 * not lock.
 *
 * <p>Within one JVM a second lock of the same folder is refused without opening the file: on POSIX
 * systems closing any channel to a file drops every lock the process holds on it.
 */
public final class RunLock implements Closeable {
  /** The lock file's name inside the folder. */
  public static final String FILE = ".mixup4j.lock";

  private static final Map<Path, RunLock> HELD = new ConcurrentHashMap<>();

  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(Path key, FileChannel channel, FileLock lock) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code dir}, which must exist, and writes this process's id into its lock file.
   *
   * @param dir the folder
   * @return the lock; close it when the run is over
   * @throws IllegalStateException if another process (or this one) holds the lock; the message
   *     names the folder and the holder's process id
   * @throws IOException if the lock file cannot be created or written
   */
  public static RunLock acquire(Path dir) throws IOException {
    Path key = dir.toRealPath();
    Path file = key.resolve(FILE);
    long pid = ProcessHandle.current().pid();
    if (HELD.containsKey(key)) {
      throw busy(key, Long.toString(pid) + ", this process");
    }
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // another thread of this JVM is between the check above and its tryLock
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw new IOException("Cannot lock run folder " + key + " (" + file + "): " + e, e);
    }
    if (lock == null) {
      String holder = readHolder(channel);
      channel.close();
      throw busy(key, holder);
    }
    RunLock held = new RunLock(key, channel, lock);
    if (HELD.putIfAbsent(key, held) != null) {
      lock.release();
      channel.close();
      throw busy(key, pid + ", this process");
    }
    try {
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
      channel.force(true);
    } catch (IOException e) {
      held.close();
      throw new IOException("Cannot write lock file " + file + ": " + e, e);
    }
    return held;
  }

  /**
   * Whether some process, this one included, holds the lock of {@code dir}; for tests and
   * diagnostics. Never call it on a folder this JVM may lock concurrently.
   *
   * @param dir the folder
   * @return true if locked
   * @throws IOException if the lock file exists but cannot be opened
   */
  public static boolean isLocked(Path dir) throws IOException {
    Path key = dir.toRealPath();
    if (HELD.containsKey(key)) {
      return true;
    }
    Path file = key.resolve(FILE);
    if (!Files.exists(file)) {
      return false;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileLock l = ch.tryLock();
      if (l == null) {
        return true;
      }
      l.release();
      return false;
    }
  }

  private static String readHolder(FileChannel channel) {
    try {
      ByteBuffer buf = ByteBuffer.allocate(64);
      channel.read(buf, 0);
      String s = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).strip();
      return s.matches("\\d{1,19}") ? s : "unknown";
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static IllegalStateException busy(Path dir, String holder) {
    return new IllegalStateException(
        "Run folder "
            + dir
            + " is in use by process "
            + holder
            + " (it holds "
            + FILE
            + "): wait until that run ends, or choose another output folder");
  }

  /** Releases the lock; the lock file stays. */
  @Override
  public void close() throws IOException {
    if (HELD.remove(key, this)) {
      try {
        lock.release();
      } finally {
        channel.close();
      }
    }
  }
}
