package io.github.mixup4j.cli;

import io.github.mixup4j.Cutout;
import io.github.mixup4j.MixChoice;
import io.github.mixup4j.MixMode;
import io.github.mixup4j.MixPlanner;
import io.github.mixup4j.MixSchedule;
import io.github.mixup4j.Mixup;
import io.github.mixup4j.Pairing;
import io.github.mixup4j.djl.LabelForm;
import io.github.mixup4j.train.model.Models;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Every option of a training run, shared by {@code train} and {@code compare}. The mixing options
 * mirror {@link Mixup.Builder}; {@link #toMap()} is what {@code config.json} records. The checks
 * picocli cannot express (ranges, combinations) are {@link #validate()}'s and throw {@link
 * ParameterException}s naming the option, the value and what was expected.
 */
public final class TrainOptions implements Cloneable {
  /** Creates the options with their defaults (picocli fills them in). */
  public TrainOptions() {}

  /** The optimizers of {@code --optimizer}. */
  enum OptimizerKind {
    ADAM,
    SGD
  }

  /** The learning-rate schedules of {@code --lr-schedule}. */
  enum LrSchedule {
    COSINE,
    STEP,
    CONSTANT
  }

  /** The command these options are mixed into (train or compare), whose usage errors they raise. */
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  // ---------------------------------------------------------------- data

  /** {@code --data}, {@code --format}, {@code --image-size}: shared with preview and eval. */
  @Mixin DataOptions dataOptions = new DataOptions();

  @Option(
      names = "--val-split",
      order = 13,
      paramLabel = "FRACTION",
      defaultValue = "0.1",
      description =
          "Fraction of the training data to validate on (per-epoch numbers, best epoch,"
              + " temperature); data without a test part gives up the same fraction as its test"
              + " set first (default: ${DEFAULT-VALUE}).")
  double valSplit;

  // ---------------------------------------------------------------- model and optimisation

  @Option(
      names = "--model",
      order = 20,
      paramLabel = "MODEL",
      defaultValue = Models.SMALL_CNN,
      completionCandidates = ModelNames.class,
      description = "Model: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--epochs",
      order = 21,
      paramLabel = "N",
      defaultValue = "10",
      description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--batch-size",
      order = 22,
      paramLabel = "N",
      defaultValue = "64",
      description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--optimizer",
      order = 23,
      paramLabel = "NAME",
      defaultValue = "adam",
      description =
          "Optimizer: ${COMPLETION-CANDIDATES}; sgd uses momentum, adam is AdamW (default:"
              + " ${DEFAULT-VALUE}).")
  OptimizerKind optimizer;

  @Option(
      names = "--lr",
      order = 24,
      paramLabel = "RATE",
      description = "Peak learning rate (default: 0.002 for adam, 0.05 for sgd).")
  Double lr;

  @Option(
      names = "--lr-schedule",
      order = 25,
      paramLabel = "NAME",
      defaultValue = "cosine",
      description =
          "Learning-rate schedule: ${COMPLETION-CANDIDATES}; cosine decays to 0 after the warm-up,"
              + " step multiplies by --lr-gamma every --lr-step epochs (default: ${DEFAULT-VALUE}).")
  LrSchedule lrSchedule;

  @Option(
      names = "--warmup-epochs",
      order = 26,
      paramLabel = "N",
      defaultValue = "0",
      description = "Linear warm-up epochs before the schedule (default: ${DEFAULT-VALUE}).")
  int warmupEpochs;

  @Option(
      names = "--lr-step",
      order = 27,
      paramLabel = "EPOCHS",
      defaultValue = "10",
      description = "Epochs between decays of the step schedule (default: ${DEFAULT-VALUE}).")
  int lrStep;

  @Option(
      names = "--lr-gamma",
      order = 28,
      paramLabel = "FACTOR",
      defaultValue = "0.1",
      description = "Decay factor of the step schedule (default: ${DEFAULT-VALUE}).")
  double lrGamma;

  @Option(
      names = "--momentum",
      order = 29,
      paramLabel = "M",
      defaultValue = "0.9",
      description = "SGD momentum (default: ${DEFAULT-VALUE}).")
  double momentum;

  @Option(
      names = "--weight-decay",
      order = 30,
      paramLabel = "WD",
      defaultValue = "0.0001",
      description = "Weight decay: L2 for sgd, decoupled for adam (default: ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(
      names = "--augment",
      order = 31,
      negatable = true,
      defaultValue = "false",
      fallbackValue = "true",
      description = "Random crop (padding 4, or 2 below 32 px) and horizontal flip (default: off).")
  boolean augment;

  // ---------------------------------------------------------------- mixing

  @Option(
      names = "--mixup-alpha",
      order = 40,
      paramLabel = "α",
      description = "Mixup's λ ~ Beta(α, α); 0 turns Mixup off (default: 0.2, or 0 with --cutout).")
  double mixupAlpha = Double.NaN; // resolved by validate(): 0.2, or 0 with --cutout

  /** The command line's default mixup α (the library's is 1.0: see docs/math.md). */
  static final double DEFAULT_MIXUP_ALPHA = 0.2;

  @Option(
      names = "--cutout",
      order = 40,
      paramLabel = "PIXELS",
      description =
          "Cutout (DeVries and Taylor 2017) instead of Mixup/CutMix: erase a square of this side"
              + " (the paper's code erases 2⌊s/2⌋ rows; at least 2), per sample with --mix-prob."
              + " Default: off.")
  Integer cutout;

  @Option(
      names = "--mask",
      order = 40,
      paramLabel = "METHOD",
      description =
          "A mask method instead of Mixup/CutMix: fmix[:α] (FMix, low-frequency Fourier masks,"
              + " λ ~ Beta(α, α), default α 1), gridmix[:p] (GridMix, each cell of a g×g grid from"
              + " the partner with probability p, default 0.8) or smoothmix[:circle|square]"
              + " (SmoothMix, a smooth region of the partner); λ is the mask's measured share."
              + " Also resizemix[:τmax] (ResizeMix: the whole partner shrunk into a box of scale"
              + " τ ∈ [0.1, τmax], default 0.8; λ = the kept area) and saliencymix[:α] (SaliencyMix:"
              + " a CutMix box centred on the partner's saliency peak). Default: off.")
  String mask;

  @Option(
      names = "--per-sample-masks",
      order = 40,
      description = "With --mask: a mask and λ per sample instead of one per batch.")
  boolean perSampleMasks;

  /** {@link #mask} parsed by {@link #validate()}; null without --mask. */
  MaskSpec maskSpec;

  @Option(
      names = "--cutmix-alpha",
      order = 41,
      paramLabel = "α",
      defaultValue = "0",
      description = "CutMix's λ ~ Beta(α, α); 0 turns CutMix off (default: ${DEFAULT-VALUE}).")
  double cutmixAlpha;

  @Option(
      names = "--cutmix-minmax",
      order = 42,
      paramLabel = "MIN,MAX",
      split = ",",
      arity = "1",
      description =
          "CutMix box sides drawn from [MIN, MAX) of the image sides instead of from cutmix α.")
  double[] cutmixMinMax;

  @Option(
      names = "--mix-prob",
      order = 43,
      paramLabel = "P",
      defaultValue = "1.0",
      description = "Probability that a batch/pair/sample is mixed (default: ${DEFAULT-VALUE}).")
  double mixProb;

  @Option(
      names = "--switch-prob",
      order = 44,
      paramLabel = "P",
      defaultValue = "0.5",
      description =
          "Probability of CutMix rather than Mixup when both are on (default: ${DEFAULT-VALUE}).")
  double switchProb;

  @Option(
      names = "--mode",
      order = 45,
      paramLabel = "MODE",
      defaultValue = "batch",
      description =
          "One λ per ${COMPLETION-CANDIDATES} (batch, pair or sample) (default: ${DEFAULT-VALUE}).")
  MixMode mode;

  @Option(
      names = "--pairing",
      order = 46,
      paramLabel = "PAIRING",
      defaultValue = "permutation",
      description =
          "Partners: ${COMPLETION-CANDIDATES} (random permutation, the reversed batch, a random"
              + " permutation with no sample its own partner, or class-balanced partners for"
              + " long-tailed data: each present class a partner equally often; not with --mode"
              + " pair) (default: ${DEFAULT-VALUE}).")
  Pairing pairing;

  @Option(
      names = "--every-n",
      order = 47,
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Mix only every N-th batch of an epoch, (index + 1) %% N == 0 as in the original code"
              + " (default: ${DEFAULT-VALUE}: every batch).")
  int everyN;

  @Option(
      names = "--off-epoch",
      order = 48,
      paramLabel = "E",
      description = "Stop mixing from epoch E on (counted from 1; default: never).")
  Integer offEpoch;

  @Option(
      names = "--from-epoch",
      order = 48,
      paramLabel = "E",
      description =
          "Start mixing at epoch E (counted from 1; default: 1). Epochs before it train"
              + " unmixed, as recipes that turn CutMix on only for the last epochs.")
  Integer fromEpoch;

  @Option(
      names = "--label-smoothing",
      order = 49,
      paramLabel = "ε",
      defaultValue = "0",
      description =
          "Label smoothing of the soft targets (default: ${DEFAULT-VALUE}); needs --label-form"
              + " soft.")
  double labelSmoothing;

  @Option(
      names = "--label-form",
      order = 50,
      paramLabel = "FORM",
      defaultValue = "soft",
      description =
          "Loss on soft targets, or the original code's two-label form: ${COMPLETION-CANDIDATES}"
              + " (default: ${DEFAULT-VALUE}).")
  LabelForm labelForm;

  @Option(
      names = "--manifold-layers",
      order = 51,
      paramLabel = "K,…",
      split = ",",
      description =
          "Manifold Mixup: mix hidden activations after one of these layers of the model,"
              + " drawn per batch (0 = the input). Default: input mixing.")
  int[] manifoldLayers;

  @Option(
      names = "--regmixup",
      order = 52,
      description =
          "RegMixup (Pinto et al. 2022): train each mixed batch as the clean batch followed by its"
              + " Mixup copy (2B rows), loss (CE(clean) + CE(mixed)) / 2, half the paper's sum with"
              + " η = 1; the paper's recipe takes a large α (--mixup-alpha 20 on CIFAR-10). Mixup"
              + " (and CutMix) only. Default: off.")
  boolean regMixup;

  /**
   * A choice per batch between methods (a {@code --methods} or {@code --method} spec {@code
   * M@W+M@W…}), which replaces --mixup-alpha, --cutmix-alpha and --cutout; null without one.
   */
  List<Method.Weighted> choice;

  // ---------------------------------------------------------------- run

  @Option(
      names = "--seed",
      order = 60,
      paramLabel = "SEED",
      defaultValue = "42",
      description = "Seed of everything random (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--threads",
      order = 61,
      paramLabel = "N",
      description =
          "CPU threads for PyTorch, at most the number of processors (default: all of them).")
  Integer threads;

  /** The names of the model presets, for help and completion. */
  static final class ModelNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return Models.names().iterator();
    }
  }

  /**
   * A copy whose mixing options are those of a {@code compare} method.
   *
   * @param method the method
   * @return the copy
   */
  TrainOptions with(Method method) {
    return with("--methods", method);
  }

  /**
   * A copy whose mixing options are those of a method.
   *
   * @param option the option that named the method ({@code --methods} or {@code --method})
   * @param method the method
   * @return the copy
   */
  TrainOptions with(String option, Method method) {
    TrainOptions o = copy();
    o.mixupAlpha = method.mixupAlpha();
    o.cutmixAlpha = method.cutmixAlpha();
    o.cutout = method.cutout() > 0 ? method.cutout() : null;
    o.maskSpec = method.mask();
    o.mask = method.mask() == null ? null : method.mask().name();
    o.choice = method.choice().isEmpty() ? null : method.choice();
    if (method.twoLabel()) {
      o.labelForm = LabelForm.TWO_LABEL; // the original code's recipe: mixup_criterion
    }
    o.everyN = method.everyN();
    o.cutmixMinMax = null;
    if (method.manifold() && o.manifoldLayers == null) {
      throw usage(option + " " + method.name() + ": Manifold Mixup needs --manifold-layers K,…");
    }
    if (!method.manifold()) {
      o.manifoldLayers = null;
    }
    return o;
  }

  /** A shallow copy: the options' fields are values or arrays that copies never modify. */
  private TrainOptions copy() {
    try {
      return (TrainOptions) super.clone();
    } catch (CloneNotSupportedException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * A copy with another seed (for {@code compare --seeds}: the seed of everything random, the
   * splits included).
   *
   * @param newSeed the seed
   * @return the copy
   */
  TrainOptions withSeed(long newSeed) {
    TrainOptions o = copy();
    o.seed = newSeed;
    return o;
  }

  /**
   * One method of {@code compare --methods} (and {@code train --method}): {@code erm}, {@code
   * mixup:α}, {@code cutmix:α}, {@code manifold:α}, {@code mixup:α+cutmix:α} (one planner that
   * switches between the two with {@code --switch-prob}), {@code deit} (= {@code
   * mixup:0.8+cutmix:1.0}, DeiT's setting), {@code cutout:S} (Cutout with a side of S pixels),
   * {@code seed-every-N} (the original code's recipe: Mixup with α = 1 on every N-th batch and the
   * two-label loss λ·CE(a) + (1−λ)·CE(b)), or a choice per batch {@code M@W+M@W…} of {@code erm},
   * {@code mixup:α}, {@code cutmix:α} and {@code cutout:S}, each with a weight W &gt; 0 (a {@link
   * MixChoice}: each batch takes method m with probability Wₘ / Σ W).
   *
   * @param name the text as given
   * @param mixupAlpha mixup α (0 = off)
   * @param cutmixAlpha cutmix α (0 = off)
   * @param everyN the period of mixed batches
   * @param manifold whether Mixup mixes hidden activations
   * @param cutout the Cutout side in pixels (0 = no Cutout)
   * @param twoLabel whether the loss takes the two-label form (the original code's recipe)
   * @param choice the weighted methods of a choice, in order; empty if this is not a choice
   * @param mask a mask method ({@code fmix:α}, {@code gridmix:p}, {@code smoothmix}), or null
   */
  record Method(
      String name,
      double mixupAlpha,
      double cutmixAlpha,
      int everyN,
      boolean manifold,
      int cutout,
      boolean twoLabel,
      List<Weighted> choice,
      MaskSpec mask) {

    /**
     * One method of a choice and its weight.
     *
     * @param method a single method: erm, mixup:α, cutmix:α or cutout:S
     * @param weight its weight, finite and &gt; 0
     */
    record Weighted(Method method, double weight) {}

    /** The forms a method can take, for the messages that refuse one. */
    static final String FORMS =
        "erm, mixup:α, cutmix:α, manifold:α, mixup:α+cutmix:α, deit, cutout:S, fmix[:α],"
            + " gridmix[:p], smoothmix[:circle|square], resizemix[:τmax], saliencymix[:α],"
            + " seed-every-N, or a choice M@W+M@W… (e.g. mixup:0.8@1+cutmix:1.0@1)";

    /**
     * Parses one method of {@code --methods}.
     *
     * @param text the method as given on the command line
     * @return the method
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    static Method parse(String text) {
      return parse("--methods", text);
    }

    /**
     * Parses one method.
     *
     * @param option the option that names it, for the messages ({@code --methods}, {@code
     *     --method})
     * @param text the method as given on the command line
     * @return the method
     * @throws IllegalArgumentException naming the option, the text and the accepted forms
     */
    static Method parse(String option, String text) {
      String t = text.strip().toLowerCase(Locale.ROOT);
      if (t.contains("@")) {
        return choice(option, text, t);
      }
      if (t.equals("deit")) {
        // DeiT (Touvron et al. 2021) as its code configures timm's Mixup: Mixup α = 0.8 and CutMix
        // α = 1.0, one of the two per batch with switch probability 0.5
        return new Method(t, 0.8, 1.0, 1, false, 0, false, List.of(), null);
      }
      Method single = single(option, text, t);
      if (single != null) {
        return single;
      }
      double mix = 0;
      double cut = 0;
      boolean manifold = false;
      boolean input = false;
      // -1 keeps trailing empty parts: "mixup:0.2+" is refused, not read as "mixup:0.2"
      for (String part : t.split("\\+", -1)) {
        String[] kv = part.split(":", 2);
        double alpha = kv.length == 2 ? number(option, text, kv[1]) : 1.0;
        switch (kv[0].strip()) {
          case "mixup", "manifold" -> {
            if (mix > 0) {
              throw new IllegalArgumentException(
                  option
                      + " "
                      + text
                      + ": names mixup or manifold twice (expected one of them; a choice"
                      + " between methods takes weights, M@W+M@W…)");
            }
            mix = alpha;
            manifold = kv[0].strip().equals("manifold");
          }
          case "cutmix" -> {
            if (input) {
              throw new IllegalArgumentException(option + " " + text + ": names cutmix twice");
            }
            cut = alpha;
            input = true;
          }
          default -> throw bad(option, text);
        }
      }
      return new Method(t, mix, cut, 1, manifold, 0, false, List.of(), null);
    }

    /** erm, seed-every-N, cutout[:S], a mask method, or null if {@code t} is none of them. */
    private static Method single(String option, String text, String t) {
      MaskSpec mask = MaskSpec.parse(option, t);
      if (mask != null) {
        return new Method(t, 0, 0, 1, false, 0, false, List.of(), mask);
      }
      if (t.equals("erm") || t.equals("none")) {
        return new Method(t, 0, 0, 1, false, 0, false, List.of(), null);
      }
      if (t.startsWith("seed-every-")) {
        int n = integer(option, text, t.substring("seed-every-".length()));
        return new Method(t, 1.0, 0, n, false, 0, true, List.of(), null);
      }
      if (t.startsWith("cutout")) {
        String[] kv = t.split(":", 2);
        int side = kv.length == 2 ? integer(option, text, kv[1]) : 16;
        if (!kv[0].equals("cutout") || side < 2) {
          throw new IllegalArgumentException(
              option + " " + text + ": expected cutout:S with a side S >= 2 pixels");
        }
        return new Method(t, 0, 0, 1, false, side, false, List.of(), null);
      }
      return null;
    }

    /** A choice M@W+M@W…: two or more methods, each with a weight. */
    private static Method choice(String option, String text, String t) {
      String[] parts = t.split("\\+", -1);
      if (parts.length < 2) {
        throw new IllegalArgumentException(
            option
                + " "
                + text
                + ": a weight needs a choice of two or more methods, M@W+M@W… (e.g."
                + " mixup:0.8@1+cutmix:1.0@1)");
      }
      List<Weighted> members = new ArrayList<>();
      for (String part : parts) {
        String[] mw = part.strip().split("@", -1);
        if (mw.length != 2) {
          throw new IllegalArgumentException(
              option
                  + " "
                  + text
                  + ": '"
                  + part
                  + "' is not M@W: expected a weight W on every method of a choice, M@W+M@W…");
        }
        String m = mw[0].strip();
        Method member =
            m.startsWith("mixup") || m.startsWith("cutmix") ? null : single(option, text, m);
        if (member == null && (m.equals("mixup") || m.startsWith("mixup:"))) {
          double a = m.equals("mixup") ? 1.0 : number(option, text, m.substring(6));
          member = new Method(m, a, 0, 1, false, 0, false, List.of(), null);
        } else if (member == null && (m.equals("cutmix") || m.startsWith("cutmix:"))) {
          double a = m.equals("cutmix") ? 1.0 : number(option, text, m.substring(7));
          member = new Method(m, 0, a, 1, false, 0, false, List.of(), null);
        }
        if (member == null || member.everyN() != 1) {
          throw new IllegalArgumentException(
              option
                  + " "
                  + text
                  + ": '"
                  + m
                  + "' cannot be chosen per batch: expected erm, mixup:α, cutmix:α, cutout:S, "
                  + MaskSpec.FORMS
                  + " before each @W");
        }
        members.add(new Weighted(member, weight(option, text, mw[1].strip())));
      }
      return new Method(t, 0, 0, 1, false, 0, false, List.copyOf(members), null);
    }

    /**
     * Whether two methods train the same way (same α values, period, kind and choice), whatever
     * their spelling: {@code mixup:0.2} and {@code mixup:0.20}, {@code erm} and {@code none}, or
     * {@code deit} and {@code mixup:0.8+cutmix:1.0}; choices whose weights are proportional ({@code
     * erm@1+mixup@1} and {@code erm@2+mixup@2}) are the same.
     *
     * @param other the other method
     * @return true if both train alike
     */
    boolean sameAs(Method other) {
      if (choice.size() != other.choice.size()) {
        return false;
      }
      double total = choice.stream().mapToDouble(Weighted::weight).sum();
      double otherTotal = other.choice.stream().mapToDouble(Weighted::weight).sum();
      for (int i = 0; i < choice.size(); i++) {
        Weighted a = choice.get(i);
        Weighted b = other.choice.get(i);
        if (!a.method.sameAs(b.method)
            || Math.abs(a.weight / total - b.weight / otherTotal) > 1e-12) {
          return false;
        }
      }
      return mixupAlpha == other.mixupAlpha
          && cutmixAlpha == other.cutmixAlpha
          && everyN == other.everyN
          && manifold == other.manifold
          && cutout == other.cutout
          && java.util.Objects.equals(mask, other.mask)
          && twoLabel == other.twoLabel;
    }

    /** Whether this single method mixes nothing (erm, none). */
    boolean isErm() {
      return choice.isEmpty() && mixupAlpha == 0 && cutmixAlpha == 0 && cutout == 0 && mask == null;
    }

    private static double number(String option, String text, String s) {
      try {
        double v = Double.parseDouble(s);
        if (v > 0 && v <= Mixup.MAX_ALPHA) {
          return v;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          option + " " + text + ": '" + s + "' is not an α in (0, " + (long) Mixup.MAX_ALPHA + "]");
    }

    private static double weight(String option, String text, String s) {
      try {
        double v = Double.parseDouble(s);
        if (v > 0 && Double.isFinite(v)) {
          return v;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          option + " " + text + ": '" + s + "' is not a weight: expected a finite number > 0");
    }

    private static int integer(String option, String text, String s) {
      try {
        int v = Integer.parseInt(s);
        if (v >= 1) {
          return v;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(option + " " + text + ": '" + s + "' is not an N >= 1");
    }

    private static IllegalArgumentException bad(String option, String text) {
      return new IllegalArgumentException(option + " " + text + ": expected " + FORMS);
    }
  }

  /**
   * Loads the data these options name, with their validation split and seed.
   *
   * @return the training and validation sets
   * @throws java.io.IOException if the data cannot be read; the message names the file
   */
  DataSource.Loaded loadData() throws java.io.IOException {
    Threads.configure(threads); // before anything can start the engine
    DataSource.Loaded data = dataOptions.load(valSplit, seed);
    validate(data);
    return data;
  }

  /**
   * The smallest image side each model preset accepts: mlp any, small-cnn 4 (two 2×2 poolings),
   * resnet20 8 (as {@link Models#create} requires).
   */
  static final Map<String, Integer> MIN_IMAGE_SIDE =
      Map.of(Models.MLP, 1, Models.SMALL_CNN, 4, Models.RESNET20, 8);

  /**
   * Checks these options against the loaded data, before any run folder is made or step taken.
   *
   * @param data the loaded data
   * @throws java.io.IOException if the training part holds fewer than two classes (a data error)
   * @throws ParameterException (a usage error) if {@code --batch-size} exceeds the training images
   *     or the images are smaller than {@code --model} accepts
   */
  void validate(DataSource.Loaded data) throws java.io.IOException {
    io.github.mixup4j.train.data.ImageData train = data.train();
    int[] labels = train.labels();
    boolean two = false;
    for (int l : labels) {
      if (l != labels[0]) {
        two = true;
        break;
      }
    }
    if (!two) {
      throw new java.io.IOException(
          "the training part of "
              + data.description()
              + " holds only class "
              + (labels.length == 0 ? "(none)" : "'" + train.classes().get(labels[0]) + "'")
              + ": a classifier needs images of at least two classes");
    }
    if (batchSize > train.size()) {
      throw usage(
          "--batch-size "
              + batchSize
              + ": expected at most "
              + train.size()
              + ", the number of training images in "
              + data.description());
    }
    int min = MIN_IMAGE_SIDE.getOrDefault(model, 1);
    if (train.height() < min || train.width() < min) {
      throw usage(
          "--model "
              + model
              + " needs images of at least "
              + min
              + "×"
              + min
              + " pixels, but those of "
              + data.description()
              + " are "
              + train.height()
              + "×"
              + train.width()
              + " (choose --model mlp"
              + (data.format() == DataFormat.FOLDER ? ", or a larger --image-size)" : ")"));
    }
  }

  /**
   * Checks the values picocli cannot check: ranges and combinations, before any data is read.
   *
   * @throws ParameterException (a usage error) naming the option, the value and what was expected
   */
  void validate() {
    if (cutout != null) {
      if (cutout < 2) {
        throw usage(
            "--cutout "
                + cutout
                + ": expected a side of at least 2 pixels (the paper's code erases 2⌊s/2⌋"
                + " rows, none for 1)");
      }
      if (mixupAlpha > 0 || cutmixAlpha > 0 || cutmixMinMax != null) {
        throw usage(
            "--cutout with --mixup-alpha/--cutmix-alpha/--cutmix-minmax: Cutout replaces"
                + " Mixup and CutMix here (they cannot be combined); drop one");
      }
      if (labelSmoothing > 0) {
        throw usage(
            "--cutout with --label-smoothing "
                + labelSmoothing
                + ": Cutout's plans carry no label smoothing; drop --label-smoothing");
      }
      if (manifoldLayers != null) {
        throw usage(
            "--cutout with --manifold-layers: Cutout erases image boxes, which hidden"
                + " activations cannot take");
      }
    }
    if (mask != null) {
      try {
        maskSpec = MaskSpec.parse("--mask", mask);
      } catch (IllegalArgumentException e) {
        throw usage(e.getMessage());
      }
      if (maskSpec == null) {
        throw usage("--mask " + mask + ": expected " + MaskSpec.FORMS);
      }
      if (mixupAlpha > 0 || cutmixAlpha > 0 || cutmixMinMax != null || cutout != null) {
        throw usage(
            "--mask with --mixup-alpha/--cutmix-alpha/--cutmix-minmax/--cutout: the mask method"
                + " replaces them here; drop one");
      }
      if (manifoldLayers != null) {
        throw usage(
            "--mask with --manifold-layers: masks mix image pixels, which hidden activations"
                + " cannot take");
      }
    } else if (perSampleMasks) {
      throw usage("--per-sample-masks needs a --mask method");
    }
    if (Double.isNaN(mixupAlpha)) {
      mixupAlpha = cutout != null || mask != null ? 0 : DEFAULT_MIXUP_ALPHA;
    }
    dataOptions.validate(command.commandLine());
    positive("--epochs", epochs);
    positive("--batch-size", batchSize);
    positive("--every-n", everyN);
    if (!(valSplit > 0 && valSplit < 1)) {
      throw usage("--val-split " + valSplit + ": expected a number in (0, 1)");
    }
    if (!Models.names().contains(model)) {
      throw usage("--model " + model + ": expected one of " + String.join(", ", Models.names()));
    }
    if (lr != null && !(lr > 0 && Double.isFinite(lr))) {
      throw usage("--lr " + lr + ": expected a number > 0");
    }
    if (!(weightDecay >= 0 && Double.isFinite(weightDecay))) {
      throw usage("--weight-decay " + weightDecay + ": expected >= 0");
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw usage("--momentum " + momentum + ": expected [0, 1)");
    }
    if (warmupEpochs < 0 || warmupEpochs >= epochs && warmupEpochs > 0) {
      throw usage(
          "--warmup-epochs " + warmupEpochs + ": expected 0 or fewer than --epochs " + epochs);
    }
    positive("--lr-step", lrStep);
    if (!(lrGamma > 0 && lrGamma <= 1)) {
      throw usage("--lr-gamma " + lrGamma + ": expected (0, 1]");
    }
    if (cutmixMinMax != null && cutmixMinMax.length != 2) {
      throw usage(
          "--cutmix-minmax " + Arrays.toString(cutmixMinMax) + ": expected two numbers MIN,MAX");
    }
    String alphas = "a number in [0, " + (long) Mixup.MAX_ALPHA + "]";
    within("--mixup-alpha", mixupAlpha, 0, Mixup.MAX_ALPHA, alphas);
    within("--cutmix-alpha", cutmixAlpha, 0, Mixup.MAX_ALPHA, alphas);
    if (cutmixMinMax != null
        && !(cutmixMinMax[0] >= 0 && cutmixMinMax[0] < cutmixMinMax[1] && cutmixMinMax[1] <= 1)) {
      throw usage(
          "--cutmix-minmax "
              + cutmixMinMax[0]
              + ","
              + cutmixMinMax[1]
              + ": expected 0 <= MIN < MAX <= 1 (fractions of the image sides)");
    }
    within("--mix-prob", mixProb, 0, 1, "a probability in [0, 1]");
    within("--switch-prob", switchProb, 0, 1, "a probability in [0, 1]");
    within("--label-smoothing", labelSmoothing, 0, Math.nextDown(1.0), "a number in [0, 1)");
    if (offEpoch != null && offEpoch < 1) {
      throw usage("--off-epoch " + offEpoch + ": expected an epoch >= 1");
    }
    if (fromEpoch != null && fromEpoch < 1) {
      throw usage("--from-epoch " + fromEpoch + ": expected an epoch >= 1");
    }
    if (fromEpoch != null && offEpoch != null && fromEpoch >= offEpoch) {
      throw usage(
          "--from-epoch "
              + fromEpoch
              + " and --off-epoch "
              + offEpoch
              + " mix in no epoch: expected --from-epoch < --off-epoch");
    }
    int processors = Runtime.getRuntime().availableProcessors();
    if (threads != null && (threads < 1 || threads > processors)) {
      throw usage(
          "--threads "
              + threads
              + ": expected 1 to "
              + processors
              + " (the processors of this machine; more threads only compete for them)");
    }
    if (labelSmoothing > 0 && labelForm == LabelForm.TWO_LABEL) {
      throw usage(
          "--label-smoothing "
              + labelSmoothing
              + " with --label-form two_label: the two-label loss has no label smoothing;"
              + " use --label-form soft");
    }
    if (manifoldLayers != null && (cutmixAlpha > 0 || cutmixMinMax != null)) {
      throw usage(
          "--manifold-layers with CutMix (--cutmix-alpha/--cutmix-minmax): Manifold Mixup mixes"
              + " hidden activations by Mixup only; drop CutMix or --manifold-layers");
    }
    if (choice != null) {
      String name = methodName();
      if (manifoldLayers != null) {
        throw usage(
            name
                + " with --manifold-layers: a choice per batch mixes images; Manifold Mixup is"
                + " a method of its own (manifold:α)");
      }
      boolean cuts = choice.stream().anyMatch(w -> w.method().cutout() > 0);
      if (cuts && labelSmoothing > 0) {
        throw usage(
            name
                + " with --label-smoothing "
                + labelSmoothing
                + ": Cutout's plans carry no label smoothing, and every method of a choice must"
                + " make the same targets; drop --label-smoothing or cutout:S");
      }
    }
    if (regMixup) {
      List<String> others = new ArrayList<>();
      if (cutout != null) {
        others.add("--cutout");
      }
      if (mask != null) {
        others.add("--mask");
      }
      if (choice != null) {
        others.add("a choice " + choiceName());
      }
      if (manifoldLayers != null) {
        others.add("--manifold-layers");
      }
      if (!others.isEmpty()) {
        throw usage(
            "--regmixup with "
                + String.join(", ", others)
                + ": RegMixup adds a Mixup copy of the input batch; it takes Mixup (and CutMix)"
                + " only");
      }
      if (!mixes()) {
        throw usage(
            "--regmixup without mixing (--mixup-alpha 0 or --mix-prob 0): RegMixup needs Mixup,"
                + " e.g. --mixup-alpha 20 (the paper's CIFAR-10 recipe)");
      }
    }
    if (manifoldLayers != null) {
      for (int k : manifoldLayers) {
        if (k < 0) {
          throw usage("--manifold-layers " + k + ": expected layer indices >= 0");
        }
      }
    }
    planner(2); // the library agrees: a planner of these options can be built
  }

  private void positive(String name, int value) {
    if (value < 1) {
      throw usage(name + " " + value + ": expected an integer >= 1");
    }
  }

  /** A usage error unless lo <= value <= hi (NaN is outside). */
  private void within(String name, double value, double lo, double hi, String expected) {
    if (!(value >= lo && value <= hi)) {
      throw usage(name + " " + value + ": expected " + expected);
    }
  }

  /** A usage error of the command these options are mixed into: picocli prints it, exit 2. */
  private ParameterException usage(String message) {
    return new ParameterException(command.commandLine(), message);
  }

  /** The learning rate, with the optimizer's default. */
  double learningRate() {
    return lr != null ? lr : optimizer == OptimizerKind.ADAM ? 0.002 : 0.05;
  }

  /** Whether any mixing (or Cutout) can happen. */
  boolean mixes() {
    if (choice != null) {
      return mixProb > 0 && choice.stream().anyMatch(w -> !w.method().isErm());
    }
    return mixProb > 0
        && (cutout != null
            || maskSpec != null
            || mixupAlpha > 0
            || cutmixAlpha > 0
            || cutmixMinMax != null);
  }

  /**
   * The planner of these options, which {@link #validate()} has checked.
   *
   * @param numClasses K
   * @return the planner
   */
  MixPlanner planner(int numClasses) {
    if (choice != null) {
      // each method of the choice with these options (mode, pairing, mix-prob, smoothing, seed)
      MixChoice.Builder b = MixChoice.builder().optSeed(seed);
      for (Method.Weighted w : choice) {
        b.add(with(w.method()).planner(numClasses), w.weight());
      }
      return b.build();
    }
    if (maskSpec != null) {
      return maskSpec.planner(numClasses, mixProb, pairing, labelSmoothing, perSampleMasks, seed);
    }
    if (cutout != null) {
      return Cutout.builder()
          .optSize(cutout)
          .optProbability(mixProb)
          .optNumClasses(numClasses)
          .optSeed(seed)
          .build();
    }
    Mixup.Builder b =
        Mixup.builder()
            .setNumClasses(numClasses)
            .optMixupAlpha(mixupAlpha)
            .optCutmixAlpha(cutmixAlpha)
            .optProbability(mixProb)
            .optSwitchProbability(switchProb)
            .optMode(mode)
            .optPairing(pairing)
            .optLabelSmoothing(labelSmoothing)
            .optSeed(seed);
    if (cutmixMinMax != null) {
      b.optCutmixMinMax(cutmixMinMax[0], cutmixMinMax[1]);
    }
    return b.build();
  }

  /** The schedule: every N-th batch, from the from-epoch, and off from the off-epoch. */
  MixSchedule schedule() {
    MixSchedule s = everyN > 1 ? MixSchedule.everyNthBatch(everyN) : MixSchedule.always();
    if (offEpoch != null) {
      s = s.and(MixSchedule.untilEpoch(offEpoch - 1)); // off from E: the last mixing epoch is E−1
    }
    if (fromEpoch != null) {
      s = s.and(MixSchedule.fromEpoch(fromEpoch));
    }
    return mixes() ? s : MixSchedule.never();
  }

  /**
   * A short name of the method, e.g. {@code erm}, {@code mixup:0.2}, {@code cutmix:1.0}, {@code
   * mixup:0.2+cutmix:1.0}, with {@code /every-3} when not every batch is mixed.
   *
   * @return the name
   */
  String methodName() {
    if (!mixes()) {
      return "erm";
    }
    StringBuilder sb = new StringBuilder();
    if (choice != null) {
      sb.append(choiceName());
    }
    if (cutout != null) {
      sb.append("cutout:").append(cutout);
    }
    if (maskSpec != null) {
      sb.append(maskSpec.name()).append(perSampleMasks ? "/per-sample" : "");
    }
    if (mixupAlpha > 0) {
      sb.append(manifoldLayers != null ? "manifold:" : "mixup:").append(num(mixupAlpha));
    }
    if (cutmixAlpha > 0 || cutmixMinMax != null) {
      sb.append(sb.length() > 0 ? "+" : "").append("cutmix:");
      sb.append(
          cutmixMinMax != null
              ? num(cutmixMinMax[0]) + "-" + num(cutmixMinMax[1])
              : num(cutmixAlpha));
    }
    if (everyN > 1) {
      sb.append("/every-").append(everyN);
    }
    if (regMixup) { // regmixup:α, or regmixup(cutmix:α…) without Mixup
      return sb.indexOf("mixup:") == 0 ? "reg" + sb : "regmixup(" + sb + ")";
    }
    return sb.toString();
  }

  /** A choice as {@code M@W+M@W…}, each method by its {@link #methodName()}. */
  private String choiceName() {
    StringBuilder sb = new StringBuilder();
    for (Method.Weighted w : choice) {
      sb.append(sb.length() > 0 ? "+" : "");
      sb.append(with(w.method()).methodName()).append('@').append(num(w.weight()));
    }
    return sb.toString();
  }

  private static String num(double v) {
    return v == Math.rint(v) ? String.format(Locale.ROOT, "%.1f", v) : Double.toString(v);
  }

  /**
   * Every option by its command-line name, for {@code config.json}.
   *
   * @return an ordered map
   */
  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "data",
        dataOptions.data == null ? "(built-in Fashion-MNIST subset)" : dataOptions.data.toString());
    m.put("format", Main.lowerCase(dataOptions.format));
    m.put("image-size", dataOptions.imageSize);
    m.put("val-split", valSplit);
    m.put("model", model);
    m.put("epochs", epochs);
    m.put("batch-size", batchSize);
    m.put("optimizer", Main.lowerCase(optimizer));
    m.put("lr", learningRate());
    m.put("lr-schedule", Main.lowerCase(lrSchedule));
    m.put("warmup-epochs", warmupEpochs);
    m.put("lr-step", lrStep);
    m.put("lr-gamma", lrGamma);
    m.put("momentum", momentum);
    m.put("weight-decay", weightDecay);
    m.put("augment", augment);
    m.put("mixup-alpha", mixupAlpha);
    if (cutout != null) {
      m.put("cutout", cutout); // only when set, so that earlier runs still resume
    }
    if (choice != null) {
      m.put("choice", choiceName()); // only when set, so that earlier runs still resume
    }
    if (maskSpec != null) {
      m.put("mask", maskSpec.name()); // only when set, so that earlier runs still resume
      m.put("per-sample-masks", perSampleMasks);
    }
    m.put("cutmix-alpha", cutmixAlpha);
    m.put("cutmix-minmax", cutmixMinMax == null ? null : Arrays.toString(cutmixMinMax));
    m.put("mix-prob", mixProb);
    m.put("switch-prob", switchProb);
    m.put("mode", Main.lowerCase(mode));
    m.put("pairing", Main.lowerCase(pairing));
    m.put("every-n", everyN);
    m.put("off-epoch", offEpoch);
    if (fromEpoch != null) {
      m.put("from-epoch", fromEpoch); // only when set, so that earlier runs still resume
    }
    m.put("label-smoothing", labelSmoothing);
    m.put("label-form", Main.lowerCase(labelForm));
    if (regMixup) {
      m.put("regmixup", true); // only when set, so that earlier runs still resume
    }
    m.put("manifold-layers", manifoldLayers == null ? null : Arrays.toString(manifoldLayers));
    m.put("seed", seed);
    m.put("threads", threads);
    m.put("method", methodName());
    return m;
  }
}
