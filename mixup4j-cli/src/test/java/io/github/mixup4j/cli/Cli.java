package io.github.mixup4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the application in-process with captured output, as picocli's own tests do. */
final class Cli {
  private Cli() {}

  record Run(int status, String out, String err) {}

  static Run run(String... args) {
    return run(new CommandLine(new Main()), args);
  }

  static Run run(CommandLine cmd, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int status = cmd.execute(args);
    return new Run(status, out.toString(), err.toString());
  }
}
