package io.github.mixup4j.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs the application in-process with captured output, as picocli's own tests do. */
final class Cli {
  private Cli() {}

  record Run(int status, String out, String err) {}

  static Run run(String... args) {
    return run(Main.commandLine(), args);
  }

  static Run run(CommandLine cmd, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int status = cmd.execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  /**
   * The lines on stderr, less the hint to {@code --help} that ends a usage error (exit 2), which
   * this checks is there.
   */
  static List<String> errorLines(Run r) {
    List<String> lines = new ArrayList<>(r.err().strip().lines().toList());
    if (r.status() == CliCommand.USAGE) {
      String hint = lines.isEmpty() ? "" : lines.remove(lines.size() - 1);
      assertTrue(
          hint.matches("Try 'mixup4j( [a-z]+)? --help' for the options\\."),
          "a usage error ends with the hint to --help: " + r.err());
    }
    return lines;
  }
}
