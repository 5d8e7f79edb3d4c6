package io.github.mixup4j.cli;

import picocli.CommandLine.Option;

/** Options every subcommand has. */
public final class CommonOptions {
  @Option(
      names = "--verbose",
      order = 1000,
      description = "Show details, and the stack trace when a command fails.")
  boolean verbose;

  /** Creates the mixin; picocli fills it in. */
  public CommonOptions() {}

  /**
   * Whether {@code --verbose} was given.
   *
   * @return true for verbose output
   */
  public boolean verbose() {
    return verbose;
  }
}
