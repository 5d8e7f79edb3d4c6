package io.github.mixup4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void version_printsProjectVersion() {
    Cli.Run r = Cli.run("--version");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().startsWith("mixup4j 0."), r.out());
    assertTrue(!r.out().contains("${"), "version.properties not filtered: " + r.out());
  }

  @Test
  void help_listsCommands() {
    Cli.Run r = Cli.run("--help");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("Usage: mixup4j"), r.out());
    assertTrue(r.out().contains("Commands:"), r.out());
  }

  @Test
  void noCommand_isUsageError() {
    Cli.Run r = Cli.run();
    assertEquals(2, r.status());
    assertTrue(r.err().contains("missing command"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void unknownOption_isUsageError() {
    Cli.Run r = Cli.run("--frobnicate");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("--frobnicate"), r.err());
  }
}
