package io.github.mixup4j.cli;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Base of the subcommands: runs {@link #run()} and turns its failures into one clear line.
 *
 * <ul>
 *   <li>{@link ParameterException} (an option value the command's checks refuse): a usage error,
 *       printed by {@link Main#commandLine()}'s handler: one line and a hint to {@code --help};
 *   <li>{@link IllegalArgumentException} (a value the library rejects): the same two lines here;
 *       both exit 2;
 *   <li>anything else: one line naming the problem, exit 1.
 * </ul>
 *
 * The stack trace is printed only with {@code --verbose}.
 */
public abstract class CliCommand implements Callable<Integer> {
  /** Exit status of a failure. */
  public static final int FAILURE = 1;

  /** Exit status of a usage error. */
  public static final int USAGE = 2;

  /** This command's picocli model, injected. */
  @Spec protected CommandSpec spec;

  /** {@code --verbose}. */
  @Mixin protected CommonOptions common;

  /** Creates the command; picocli fills in its fields. */
  protected CliCommand() {}

  /**
   * Does the command's work.
   *
   * @return the exit status, normally 0
   * @throws Exception on failure; the message should name what failed
   */
  protected abstract int run() throws Exception;

  @Override
  public final Integer call() {
    try {
      return run();
    } catch (ParameterException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      return fail(USAGE, e);
    } catch (Exception | Error e) {
      return fail(FAILURE, e);
    }
  }

  /**
   * Where normal output goes (stdout, or what a test captured).
   *
   * @return the writer
   */
  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /**
   * Where diagnostics go (stderr, or what a test captured).
   *
   * @return the writer
   */
  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }

  private int fail(int status, Throwable e) {
    PrintWriter err = err();
    err.println(spec.qualifiedName() + ": " + describe(e));
    if (status == USAGE) {
      err.println(Main.helpHint(spec));
    }
    if (common != null && common.verbose()) {
      e.printStackTrace(err);
    }
    err.flush();
    return status;
  }

  /**
   * One line for a failure: the message, with the file named for the bare messages of {@code
   * java.nio.file} exceptions.
   *
   * @param e the failure
   * @return a one-line description
   */
  static String describe(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null
        && (t instanceof java.io.UncheckedIOException || t.getMessage() == null)) {
      t = t.getCause();
    }
    String what;
    if (t instanceof NoSuchFileException f) {
      what =
          (f.getReason() != null ? f.getReason() : "no such file or folder") + ": " + f.getFile();
    } else if (t instanceof AccessDeniedException f) {
      what = "permission denied: " + f.getFile();
    } else if (t instanceof DirectoryNotEmptyException f) {
      what = f.getFile() + " is a folder that is not empty";
    } else if (t instanceof FileAlreadyExistsException f) {
      what = "already exists: " + f.getFile();
    } else if (t instanceof NotDirectoryException f) {
      what = "not a folder: " + f.getFile();
    } else if (t instanceof FileSystemException f && f.getReason() != null) {
      what = f.getFile() + ": " + f.getReason();
    } else if (t.getMessage() != null && !t.getMessage().isBlank()) {
      what = t.getMessage();
    } else {
      what = t.getClass().getSimpleName();
    }
    return what.replace('\n', ' ');
  }
}
