package io.github.mixup4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;

/**
 * While a run is in progress, tells the person who interrupts it (Ctrl-C, {@code kill}) that it can
 * be resumed, and with which command: the command line it was started with, without {@code
 * --overwrite}, with {@code --resume} and the run folder. A JVM shutdown hook prints it; {@link
 * #close()} removes the hook when the run ends normally or fails.
 */
final class ResumeHint implements AutoCloseable {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=,+@%^-]+");

  private final Thread hook;

  private ResumeHint(Thread hook) {
    this.hook = hook;
  }

  /**
   * Installs the hint for a run of {@code spec}'s command into {@code dir}.
   *
   * @param spec the running command (train or compare), whose parsed arguments are repeated
   * @param dir the run folder
   * @param err where the hint goes
   * @return the installed hint; close it when the run is over
   */
  static ResumeHint install(CommandSpec spec, Path dir, PrintWriter err) {
    String command = command(spec, dir);
    Thread hook =
        new Thread(
            () -> {
              if (Files.isDirectory(dir)) {
                err.println();
                err.println(
                    "mixup4j: interrupted; the run in "
                        + dir
                        + " keeps its last checkpoint and can be resumed with:");
                err.println("  " + command);
              } else {
                err.println();
                err.println("mixup4j: interrupted before the run folder " + dir + " was made");
              }
              err.flush();
            },
            "mixup4j-resume-hint");
    Runtime.getRuntime().addShutdownHook(hook);
    return new ResumeHint(hook);
  }

  /**
   * The command that resumes the run.
   *
   * @param spec the command whose arguments to repeat
   * @param dir the run folder, added as {@code -o} when the command line had none
   * @return a shell command line
   */
  static String command(CommandSpec spec, Path dir) {
    List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
    if (!args.isEmpty() && args.get(0).equals(spec.name())) {
      args.remove(0);
    }
    args.removeIf(a -> a.equals("--overwrite"));
    boolean hasOutput =
        args.stream()
            .anyMatch(
                a ->
                    a.startsWith("-o") && !a.startsWith("--")
                        || a.equals("--output")
                        || a.startsWith("--output="));
    List<String> line = new ArrayList<>();
    line.add("mixup4j");
    line.add(spec.name());
    line.addAll(args);
    if (!hasOutput) {
      line.add("-o");
      line.add(dir.toString());
    }
    if (!args.contains("--resume")) {
      line.add("--resume");
    }
    StringBuilder sb = new StringBuilder();
    for (String a : line) {
      sb.append(sb.length() > 0 ? " " : "").append(quote(a));
    }
    return sb.toString();
  }

  private static String quote(String arg) {
    if (PLAIN.matcher(arg).matches()) {
      return arg;
    }
    return "'" + arg.replace("'", "'\\''") + "'";
  }

  /**
   * Removes the hook; during a shutdown (the hook is running or has run) there is nothing to do.
   */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is exiting: the hook runs (or ran) and says how to resume
    }
  }
}
