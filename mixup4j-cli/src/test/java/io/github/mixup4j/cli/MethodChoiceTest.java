package io.github.mixup4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mixup4j.Cutout;
import io.github.mixup4j.MixChoice;
import io.github.mixup4j.MixKind;
import io.github.mixup4j.MixMode;
import io.github.mixup4j.MixPlan;
import io.github.mixup4j.MixPlanner;
import io.github.mixup4j.Mixup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Method specs that choose per batch ({@code M@W+M@W…}) and {@code deit}: parsing, the planner the
 * command line builds from them, and the refusals of bad specs (exit 2, before any data is read).
 */
class MethodChoiceTest {
  @TempDir Path dir;

  /** The options of {@code train ARGS --method SPEC}, as {@code train} applies them. */
  static TrainOptions trainOptions(String spec, String... args) {
    CommandLine cl = Main.commandLine();
    String[] all = new String[args.length + 3];
    all[0] = "train";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--method";
    all[args.length + 2] = spec;
    cl.parseArgs(all);
    TrainCommand train = (TrainCommand) cl.getSubcommands().get("train").getCommand();
    TrainOptions with = train.withMethod(train.opts, spec);
    with.validate();
    return with;
  }

  @Test
  void choice_parsesEachMethodAndWeight() {
    TrainOptions.Method m = TrainOptions.Method.parse("mixup:0.8@0.3+cutmix:1.0@0.7+cutout:8@2");
    assertEquals(3, m.choice().size());
    assertEquals(0.8, m.choice().get(0).method().mixupAlpha());
    assertEquals(0.3, m.choice().get(0).weight());
    assertEquals(1.0, m.choice().get(1).method().cutmixAlpha());
    assertEquals(0.0, m.choice().get(1).method().mixupAlpha());
    assertEquals(8, m.choice().get(2).method().cutout());
    assertEquals(2.0, m.choice().get(2).weight());
    assertEquals(0.0, m.mixupAlpha(), "a choice sets no α of its own");

    TrainOptions.Method erm = TrainOptions.Method.parse("ERM@1 + mixup@3");
    assertTrue(erm.choice().get(0).method().isErm());
    assertEquals(1.0, erm.choice().get(1).method().mixupAlpha(), "mixup without α is α = 1");
    assertTrue(erm.sameAs(TrainOptions.Method.parse("none@2+mixup:1@6")), "proportional weights");
    assertFalse(erm.sameAs(TrainOptions.Method.parse("none@1+mixup:1@2")));
    assertFalse(erm.sameAs(TrainOptions.Method.parse("mixup:1@3+erm@1")), "the order matters");
    assertFalse(erm.sameAs(TrainOptions.Method.parse("mixup:1.0")));
  }

  @Test
  void deit_isMixupAndCutmixSwitchedPerBatch() {
    TrainOptions.Method deit = TrainOptions.Method.parse("deit");
    assertEquals(0.8, deit.mixupAlpha());
    assertEquals(1.0, deit.cutmixAlpha());
    assertTrue(deit.choice().isEmpty(), "timm's one planner, as DeiT's code configures it");
    assertTrue(deit.sameAs(TrainOptions.Method.parse("mixup:0.8+cutmix:1.0")));
    TrainOptions o = trainOptions("deit");
    assertEquals("mixup:0.8+cutmix:1.0", o.methodName());
    Mixup planner = assertInstanceOf(Mixup.class, o.planner(10));
    assertEquals(0.5, planner.switchProbability());
    assertEquals(MixMode.BATCH, planner.mode());
  }

  @Test
  void trainMethod_buildsAChoiceOfTheOptions_andBothKindsOccurInTheStepsOfARun() {
    TrainOptions o =
        trainOptions("mixup:0.8@1+cutmix:1.0@1", "--mix-prob", "0.9", "--pairing", "reverse");
    assertEquals("mixup:0.8@1.0+cutmix:1.0@1.0", o.methodName());
    assertEquals("mixup:0.8@1.0+cutmix:1.0@1.0", o.toMap().get("choice"));
    assertEquals("mixup:0.8@1.0+cutmix:1.0@1.0", o.toMap().get("method"));
    MixChoice c = assertInstanceOf(MixChoice.class, o.planner(10));
    assertEquals(0.5, c.probability(0));
    Mixup mixup = assertInstanceOf(Mixup.class, c.members().get(0).planner());
    Mixup cutmix = assertInstanceOf(Mixup.class, c.members().get(1).planner());
    assertEquals(0.8, mixup.mixupAlpha());
    assertEquals(0.0, mixup.cutmixAlpha());
    assertEquals(0.0, cutmix.mixupAlpha());
    assertEquals(1.0, cutmix.cutmixAlpha());
    for (Mixup m : List.of(mixup, cutmix)) {
      assertEquals(0.9, m.probability(), "--mix-prob applies within each method");
      assertEquals(io.github.mixup4j.Pairing.REVERSE, m.pairing());
      assertEquals(42, m.seed());
    }
    assertEquals(42, c.seed());
    // the 9 steps of one epoch of TrainCommandTest's run (540 images, batches of 64)
    assertMixupAndCutmix(c, 9);
  }

  /** Steps 0 … steps − 1 of a planner, for batches of 64 images of 28×28: both kinds occur. */
  static void assertMixupAndCutmix(MixPlanner planner, int steps) {
    Set<MixKind> kinds = EnumSet.noneOf(MixKind.class);
    for (long step = 0; step < steps; step++) {
      MixPlan p = planner.plan(step, 64, 28, 28);
      for (int i = 0; i < 64; i++) {
        kinds.add(p.kind(i));
      }
    }
    assertTrue(kinds.containsAll(EnumSet.of(MixKind.MIXUP, MixKind.CUTMIX)), kinds.toString());
  }

  @Test
  void choiceWithCutoutAndErm_membersGetTheClasses_andErmMixesNothing() {
    TrainOptions o = trainOptions("erm@1+cutout:8@1");
    assertEquals("erm@1.0+cutout:8@1.0", o.methodName());
    MixChoice c = assertInstanceOf(MixChoice.class, o.planner(10));
    assertEquals(10, c.numClasses());
    assertInstanceOf(Cutout.class, c.members().get(1).planner());
    MixPlanner erm = c.members().get(0).planner();
    assertTrue(erm.plan(0, 8, 28, 28).isIdentity());
    assertTrue(c.makesBoxes());
    assertTrue(o.mixes());
    assertFalse(trainOptions("erm@1+none@2").mixes(), "a choice of nothing mixes nothing");
    assertEquals("erm", trainOptions("erm@1+none@2").methodName());
  }

  @Test
  void folderNames_ofChoices() {
    assertEquals(
        "mixup-0.8-w0.3_cutmix-1.0-w0.7",
        CompareCommand.folderName("mixup:0.8@0.3+cutmix:1.0@0.7"));
    assertEquals("deit", CompareCommand.folderName("deit"));
  }

  @Test
  void badChoices_exit2_namingTheSpecAndWhatWasExpected() {
    String[][] cases = {
      {"mixup:0.8@1", "--methods mixup:0.8@1: a weight needs a choice of two or more methods"},
      {
        "mixup:0.8@1+cutmix:1.0",
        "--methods mixup:0.8@1+cutmix:1.0: 'cutmix:1.0' is not M@W: expected a weight W on every"
            + " method of a choice, M@W+M@W…"
      },
      {
        "mixup:0.8@0+cutmix@1",
        "--methods mixup:0.8@0+cutmix@1: '0' is not a weight: expected a finite number > 0"
      },
      {
        "mixup@x+cutmix@1",
        "--methods mixup@x+cutmix@1: 'x' is not a weight: expected a finite number > 0"
      },
      {
        "mixup@NaN+cutmix@1",
        "--methods mixup@NaN+cutmix@1: 'nan' is not a weight: expected a finite number > 0"
      },
      {"mixup@1+cutmix@1+", "--methods mixup@1+cutmix@1+: '' is not M@W"},
      {
        "manifold:0.2@1+cutmix@1",
        "--methods manifold:0.2@1+cutmix@1: 'manifold:0.2' cannot be chosen per batch: expected"
            + " erm, mixup:α, cutmix:α, cutout:S, fmix[:α], gridmix[:p],"
            + " smoothmix[:circle|square], resizemix[:τmax] or saliencymix[:α] before each @W"
      },
      {"deit@1+erm@1", "'deit' cannot be chosen per batch"},
      {"seed-every-3@1+erm@1", "'seed-every-3' cannot be chosen per batch"},
      {"mixup:0@1+erm@1", "--methods mixup:0@1+erm@1: '0' is not an α in (0, 1000]"},
      {"cutout:1@1+erm@1", "--methods cutout:1@1+erm@1: expected cutout:S with a side S >= 2"},
      {
        "mixup:0.2+cutout:16",
        "--methods mixup:0.2+cutout:16: expected erm, mixup:α, cutmix:α, manifold:α,"
            + " mixup:α+cutmix:α, deit, cutout:S, fmix[:α], gridmix[:p],"
            + " smoothmix[:circle|square], resizemix[:τmax], saliencymix[:α], seed-every-N, or a"
            + " choice M@W+M@W… (e.g. mixup:0.8@1+cutmix:1.0@1)"
      },
      {"mixup:0.8@1+cutmix@1,mixup:0.8@2+cutmix@2", "are the same method"},
    };
    for (String[] c : cases) {
      Cli.Run r =
          Cli.run(
              "compare",
              "--methods",
              c[0],
              "--data",
              "" + dir.resolve("no-such-data"),
              "-o",
              "" + dir.resolve("cmp"));
      assertEquals(2, r.status(), c[0] + ": " + r.err());
      List<String> lines = Cli.errorLines(r);
      assertEquals(1, lines.size(), r.err());
      assertTrue(lines.get(0).contains(c[1]), c[0] + ": " + r.err());
      assertFalse(Files.exists(dir.resolve("cmp")));
    }
  }

  @Test
  void trainMethod_badSpecOrConflictingOptions_exit2() {
    String[][] cases = {
      {"mixup:0.8@-1+cutmix@1", "", "--method mixup:0.8@-1+cutmix@1: '-1' is not a weight"},
      {"mixdown", "", "--method mixdown: expected erm, mixup:α"},
      {
        "deit",
        "--mixup-alpha=0.4",
        "--method deit with --mixup-alpha: --method sets the mixing; drop one"
      },
      {"deit", "--cutmix-alpha=0", "--method deit with --cutmix-alpha"},
      {"mixup@1+cutout@1", "--cutout=8", "--method mixup@1+cutout@1 with --cutout"},
      {"seed-every-3", "--every-n=2", "--method seed-every-3 with --every-n"},
      {"seed-every-3", "--label-form=soft", "with --label-form: this recipe trains with the two"},
      {"mixup:0.2", "--manifold-layers=1", "only manifold:α mixes hidden activations"},
      {"manifold:0.2", "", "--method manifold:0.2: Manifold Mixup needs --manifold-layers K,…"},
      {
        "mixup@1+cutout:8@1",
        "--label-smoothing=0.1",
        "mixup:1.0@1.0+cutout:8@1.0 with --label-smoothing 0.1: Cutout's plans carry no label"
            + " smoothing"
      },
    };
    for (String[] c : cases) {
      List<String> args =
          new java.util.ArrayList<>(
              List.of(
                  "train",
                  "--data",
                  "" + dir.resolve("no-such-data"),
                  "-o",
                  "" + dir.resolve("run"),
                  "--method",
                  c[0]));
      if (!c[1].isEmpty()) {
        args.add(c[1]);
      }
      Cli.Run r = Cli.run(args.toArray(new String[0]));
      assertEquals(2, r.status(), c[0] + " " + c[1] + ": " + r.err());
      List<String> lines = Cli.errorLines(r);
      assertEquals(1, lines.size(), r.err());
      assertTrue(lines.get(0).contains(c[2]), c[0] + " " + c[1] + ": " + r.err());
      assertFalse(Files.exists(dir.resolve("run")));
    }
  }

  @Test
  void help_namesTheChoiceSyntax() {
    Cli.Run train = Cli.run("train", "--help");
    assertTrue(train.out().contains("--method=M"), train.out());
    assertTrue(train.out().contains("M@W+M@W"), train.out());
    Cli.Run compare = Cli.run("compare", "--help");
    assertTrue(compare.out().contains("M@W+M@W"), compare.out());
    assertTrue(compare.out().contains("deit"), compare.out());
    assertThrows(IllegalArgumentException.class, () -> TrainOptions.Method.parse("mixup@@1+x@1"));
  }
}
