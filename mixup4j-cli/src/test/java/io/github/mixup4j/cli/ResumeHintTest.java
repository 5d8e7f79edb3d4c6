package io.github.mixup4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class ResumeHintTest {
  private static CommandSpec parsed(String... args) {
    CommandLine cli = Main.commandLine();
    return cli.parseArgs(args).subcommand().commandSpec();
  }

  @Test
  void command_withoutOutput_addsItAndResume_dropsOverwrite() {
    CommandSpec spec = parsed("compare", "--methods", "erm,mixup:0.4", "--overwrite");
    assertEquals(
        "mixup4j compare --methods erm,mixup:0.4 -o runs/compare-1 --resume",
        ResumeHint.command(spec, Path.of("runs/compare-1")));
  }

  @Test
  void command_withOutputAndResume_isRepeated_quotedForTheShell() {
    CommandSpec spec = parsed("train", "--resume", "-o", "my runs/it's", "--epochs", "3");
    assertEquals(
        "mixup4j train --resume -o 'my runs/it'\\''s' --epochs 3",
        ResumeHint.command(spec, Path.of("my runs/it's")));
  }
}
