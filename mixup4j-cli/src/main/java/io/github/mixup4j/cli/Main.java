package io.github.mixup4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code mixup4j} command: Mixup-family augmentation from the command line.
 *
 * <p>Each subcommand is its own class, a {@link CliCommand} (a {@code Callable<Integer>} that turns
 * failures into one line on stderr and exit status 1), sharing option mixins such as {@link
 * CommonOptions} and {@link DataOptions}. To add one, write the class and list it in {@code
 * subcommands} below.
 *
 * <p>Exit status: 0 success, 1 failure (one line on stderr; the stack trace with {@code
 * --verbose}), 2 usage error (picocli's message and the usage help).
 */
@Command(
    name = "mixup4j",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "Mixup, CutMix, Cutout and Manifold Mixup training on DJL: train, compare, eval, preview.",
    subcommands = {
      TrainCommand.class,
      CompareCommand.class,
      PreviewCommand.class,
      EvalCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Creates the top command; {@code new CommandLine(new Main())} makes the application. */
  public Main() {}

  /**
   * Runs the tool and exits with its status.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    quietLogging(java.util.Arrays.asList(args).contains("--verbose"));
    System.exit(new CommandLine(new Main()).execute(args));
  }

  /** Without a subcommand: the usage help on stderr, exit status 2. */
  /**
   * Hides DJL's log lines (native library extraction, thread counts, the CUDA probe's warning on
   * machines without a GPU) unless {@code --verbose}: slf4j-simple reads these properties when the
   * first logger is made, so this runs before anything touches DJL.
   */
  static void quietLogging(boolean verbose) {
    String key = "org.slf4j.simpleLogger.defaultLogLevel";
    if (System.getProperty(key) == null) {
      System.setProperty(key, verbose ? "info" : "off");
    }
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
  }

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("mixup4j: missing command (for example: mixup4j train)");
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /** The version of this build, from {@code version.properties} (filtered by Maven). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new String[] {
        "mixup4j " + p.getProperty("version", "(unknown version)"),
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vm.name")
            + ")"
      };
    }
  }
}
