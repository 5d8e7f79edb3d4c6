package io.github.mixup4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code mixup4j} command: Mixup-family augmentation from the command line.
 *
 * <p>Each subcommand is its own class, a {@link CliCommand} (a {@code Callable<Integer>} that turns
 * failures into one line on stderr and exit status 1), sharing option mixins such as {@link
 * CommonOptions} and {@link DataOptions}. To add one, write the class and list it in {@code
 * subcommands} below.
 *
 * <p>Exit status: 0 success, 1 failure (one line on stderr; the stack trace with {@code
 * --verbose}), 2 usage error (one line naming the option, the value and what was expected, and a
 * hint to {@code --help}). Enum values are case-insensitive ({@code --optimizer SGD}) and listed in
 * lower case, as they are written.
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

  /** Creates the top command; {@link #commandLine()} makes the application of it. */
  public Main() {}

  /**
   * The application's command line, with its subcommands: enum values case-insensitive, their
   * candidates in help in lower case, and usage errors as one line with a hint to {@code --help}.
   *
   * @return a new command line
   */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler(Main::usageError);
    lowerCaseCandidates(cl);
    return cl;
  }

  /**
   * Runs the tool and exits with its status.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    quietLogging(java.util.Arrays.asList(args).contains("--verbose"));
    System.exit(commandLine().execute(args));
  }

  /**
   * The command-line spelling of an enum constant: its name in lower case.
   *
   * @param e the constant
   * @return e.g. {@code two_label} for {@code TWO_LABEL}
   */
  static String lowerCase(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Lists each enum option's constants in lower case for {@code ${COMPLETION-CANDIDATES}}: picocli
   * lists {@code toString()}, which is upper case for the library's enums. An option spec cannot be
   * changed, so each is replaced by a copy ({@link OptionSpec#toBuilder()}) with the new list.
   */
  private static void lowerCaseCandidates(CommandLine cl) {
    CommandSpec spec = cl.getCommandSpec();
    for (OptionSpec o : List.copyOf(spec.options())) {
      if (o.type().isEnum()) {
        List<String> names = new ArrayList<>();
        for (Object e : o.type().getEnumConstants()) {
          names.add(lowerCase((Enum<?>) e));
        }
        spec.remove(o);
        spec.addOption(o.toBuilder().completionCandidates(names).build());
      }
    }
    cl.getSubcommands().values().forEach(Main::lowerCaseCandidates);
  }

  /**
   * Prints a usage error (a bad option or value, from picocli or a command's checks) as {@link
   * CliCommand} prints failures: one line naming the command, then picocli's suggestions for a
   * mistyped option, if any, and a hint to {@code --help}.
   */
  private static int usageError(ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println(cl.getCommandSpec().qualifiedName() + ": " + e.getMessage());
    UnmatchedArgumentException.printSuggestions(e, err);
    err.println(helpHint(cl.getCommandSpec()));
    err.flush();
    return CliCommand.USAGE;
  }

  /**
   * The line that follows a usage error.
   *
   * @param spec the command
   * @return e.g. {@code Try 'mixup4j train --help' for the options.}
   */
  static String helpHint(CommandSpec spec) {
    return "Try '" + spec.qualifiedName() + " --help' for the options.";
  }

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

  /** Without a subcommand: the usage help on stderr, exit status 2. */
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
