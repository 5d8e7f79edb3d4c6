package io.github.mixup4j.cli;

import io.github.mixup4j.Cutout;
import io.github.mixup4j.MixMode;
import io.github.mixup4j.MixPlanner;
import io.github.mixup4j.MixSchedule;
import io.github.mixup4j.Mixup;
import io.github.mixup4j.Pairing;
import io.github.mixup4j.djl.LabelForm;
import io.github.mixup4j.train.model.Models;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
          "Partners: ${COMPLETION-CANDIDATES} (random permutation, or the reversed batch)"
              + " (default: ${DEFAULT-VALUE}).")
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
    TrainOptions o = copy();
    o.mixupAlpha = method.mixupAlpha();
    o.cutmixAlpha = method.cutmixAlpha();
    o.cutout = method.cutout() > 0 ? method.cutout() : null;
    if (method.twoLabel()) {
      o.labelForm = LabelForm.TWO_LABEL; // the original code's recipe: mixup_criterion
    }
    o.everyN = method.everyN();
    o.cutmixMinMax = null;
    if (method.manifold() && o.manifoldLayers == null) {
      throw usage("--methods " + method.name() + ": Manifold Mixup needs --manifold-layers K,…");
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
   * One method of {@code compare --methods}: {@code erm}, {@code mixup:α}, {@code cutmix:α}, {@code
   * manifold:α}, {@code mixup:α+cutmix:α}, {@code cutout:S} (Cutout with a side of S pixels), or
   * {@code seed-every-N} (the original code's recipe: Mixup with α = 1 on every N-th batch and the
   * two-label loss λ·CE(a) + (1−λ)·CE(b)).
   *
   * @param name the text as given
   * @param mixupAlpha mixup α (0 = off)
   * @param cutmixAlpha cutmix α (0 = off)
   * @param everyN the period of mixed batches
   * @param manifold whether Mixup mixes hidden activations
   * @param cutout the Cutout side in pixels (0 = no Cutout)
   * @param twoLabel whether the loss takes the two-label form (the original code's recipe)
   */
  record Method(
      String name,
      double mixupAlpha,
      double cutmixAlpha,
      int everyN,
      boolean manifold,
      int cutout,
      boolean twoLabel) {

    /**
     * Parses one method.
     *
     * @param text the method as given on the command line
     * @return the method
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    static Method parse(String text) {
      String t = text.strip().toLowerCase(Locale.ROOT);
      if (t.equals("erm") || t.equals("none")) {
        return new Method(t, 0, 0, 1, false, 0, false);
      }
      if (t.startsWith("seed-every-")) {
        int n = integer(text, t.substring("seed-every-".length()));
        return new Method(t, 1.0, 0, n, false, 0, true);
      }
      if (t.startsWith("cutout")) {
        String[] kv = t.split(":", 2);
        int side = kv.length == 2 ? integer(text, kv[1]) : 16;
        if (!kv[0].equals("cutout") || side < 2) {
          throw new IllegalArgumentException(
              "--methods " + text + ": expected cutout:S with a side S >= 2 pixels");
        }
        return new Method(t, 0, 0, 1, false, side, false);
      }
      double mix = 0;
      double cut = 0;
      boolean manifold = false;
      boolean input = false;
      // -1 keeps trailing empty parts: "mixup:0.2+" is refused, not read as "mixup:0.2"
      for (String part : t.split("\\+", -1)) {
        String[] kv = part.split(":", 2);
        double alpha = kv.length == 2 ? number(text, kv[1]) : 1.0;
        switch (kv[0].strip()) {
          case "mixup", "manifold" -> {
            if (mix > 0) {
              throw new IllegalArgumentException(
                  "--methods " + text + ": names mixup or manifold twice (expected one of them)");
            }
            mix = alpha;
            manifold = kv[0].strip().equals("manifold");
          }
          case "cutmix" -> {
            if (input) {
              throw new IllegalArgumentException("--methods " + text + ": names cutmix twice");
            }
            cut = alpha;
            input = true;
          }
          default -> throw bad(text);
        }
      }
      return new Method(t, mix, cut, 1, manifold, 0, false);
    }

    /**
     * Whether two methods train the same way (same α values, period and kind), whatever their
     * spelling: {@code mixup:0.2} and {@code mixup:0.20}, or {@code erm} and {@code none}.
     *
     * @param other the other method
     * @return true if both train alike
     */
    boolean sameAs(Method other) {
      return mixupAlpha == other.mixupAlpha
          && cutmixAlpha == other.cutmixAlpha
          && everyN == other.everyN
          && manifold == other.manifold
          && cutout == other.cutout
          && twoLabel == other.twoLabel;
    }

    private static double number(String text, String s) {
      try {
        double v = Double.parseDouble(s);
        if (v > 0 && v <= Mixup.MAX_ALPHA) {
          return v;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          "--methods " + text + ": '" + s + "' is not an α in (0, " + (long) Mixup.MAX_ALPHA + "]");
    }

    private static int integer(String text, String s) {
      try {
        int v = Integer.parseInt(s);
        if (v >= 1) {
          return v;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException("--methods " + text + ": '" + s + "' is not an N >= 1");
    }

    private static IllegalArgumentException bad(String text) {
      return new IllegalArgumentException(
          "--methods "
              + text
              + ": expected erm, mixup:α, cutmix:α, manifold:α, mixup:α+cutmix:α, cutout:S or"
              + " seed-every-N");
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
    if (Double.isNaN(mixupAlpha)) {
      mixupAlpha = cutout != null ? 0 : DEFAULT_MIXUP_ALPHA;
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
    return mixProb > 0
        && (cutout != null || mixupAlpha > 0 || cutmixAlpha > 0 || cutmixMinMax != null);
  }

  /**
   * The planner of these options, which {@link #validate()} has checked.
   *
   * @param numClasses K
   * @return the planner
   */
  MixPlanner planner(int numClasses) {
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
    if (cutout != null) {
      sb.append("cutout:").append(cutout);
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
    m.put("manifold-layers", manifoldLayers == null ? null : Arrays.toString(manifoldLayers));
    m.put("seed", seed);
    m.put("threads", threads);
    m.put("method", methodName());
    return m;
  }
}
