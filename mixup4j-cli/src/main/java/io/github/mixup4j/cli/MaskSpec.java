package io.github.mixup4j.cli;

import io.github.mixup4j.FMix;
import io.github.mixup4j.GridMix;
import io.github.mixup4j.MaskPlanner;
import io.github.mixup4j.MixPlanner;
import io.github.mixup4j.Mixup;
import io.github.mixup4j.Pairing;
import io.github.mixup4j.ResizeMix;
import io.github.mixup4j.SaliencyMix;
import io.github.mixup4j.SmoothMix;
import java.util.Locale;

/**
 * A mask method of the command line: {@code fmix[:α]} (FMix, λ ~ Beta(α, α), default α = 1), {@code
 * gridmix[:p]} (GridMix, each cell from the partner with probability p, default 0.8), {@code
 * smoothmix} or {@code smoothmix:square} (SmoothMix, a smooth circle or square).
 *
 * @param kind fmix, gridmix or smoothmix
 * @param param α for fmix, p for gridmix, 0 for a circle and 1 for a square for smoothmix
 */
record MaskSpec(String kind, double param) {

  /** The accepted forms, for the messages that refuse one. */
  static final String FORMS =
      "fmix[:α], gridmix[:p], smoothmix[:circle|square], resizemix[:τmax] or saliencymix[:α]";

  /**
   * Parses a mask method.
   *
   * @param option the option that names it, for the message
   * @param text the method as given
   * @return the method, or null if {@code text} names no mask method
   * @throws IllegalArgumentException if it names one with a bad parameter
   */
  static MaskSpec parse(String option, String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    String[] kv = t.split(":", 2);
    String arg = kv.length == 2 ? kv[1].strip() : null;
    switch (kv[0].strip()) {
      case "fmix" -> {
        double a = arg == null ? 1.0 : number(option, text, arg, 1e-9, Mixup.MAX_ALPHA, "an α");
        return new MaskSpec("fmix", a);
      }
      case "gridmix" -> {
        double p = arg == null ? 0.8 : number(option, text, arg, 0, 1, "a cell probability");
        return new MaskSpec("gridmix", p);
      }
      case "smoothmix" -> {
        if (arg == null || arg.equals("circle")) {
          return new MaskSpec("smoothmix", 0);
        }
        if (arg.equals("square")) {
          return new MaskSpec("smoothmix", 1);
        }
        throw new IllegalArgumentException(
            option + " " + text + ": expected smoothmix, smoothmix:circle or smoothmix:square");
      }
      case "saliencymix" -> {
        double a = arg == null ? 1.0 : number(option, text, arg, 1e-9, Mixup.MAX_ALPHA, "an α");
        return new MaskSpec("saliencymix", a);
      }
      case "resizemix" -> {
        double top = arg == null ? 0.8 : number(option, text, arg, 0.1, 1, "a largest scale τmax");
        return new MaskSpec("resizemix", top);
      }
      default -> {
        return null;
      }
    }
  }

  private static double number(
      String option, String text, String s, double min, double max, String what) {
    try {
      double v = Double.parseDouble(s);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        option + " " + text + ": '" + s + "' is not " + what + " in [" + min + ", " + max + "]");
  }

  /**
   * The planner of this method with the run's common options.
   *
   * @param numClasses K
   * @param probability the probability that a batch (or sample) is mixed
   * @param pairing how partners are chosen
   * @param labelSmoothing ε
   * @param perSample one mask per sample instead of one per batch
   * @param seed the seed
   * @return the planner
   */
  MixPlanner planner(
      int numClasses,
      double probability,
      Pairing pairing,
      double labelSmoothing,
      boolean perSample,
      long seed) {
    Common c = new Common(numClasses, probability, pairing, labelSmoothing, perSample, seed);
    return switch (kind) {
      case "fmix" -> c.apply(FMix.builder().optAlpha(param)).build();
      case "gridmix" -> c.apply(GridMix.builder().optCellProbability(param)).build();
      case "resizemix" -> c.apply(ResizeMix.builder().optScale(0.1, param)).build();
      case "saliencymix" -> c.apply(SaliencyMix.builder().optAlpha(param)).build();
      default ->
          c.apply(
                  SmoothMix.builder()
                      .optShape(param == 1 ? SmoothMix.Shape.SQUARE : SmoothMix.Shape.CIRCLE))
              .build();
    };
  }

  /** The settings every region planner of the command line takes from the run's options. */
  private record Common(
      int numClasses,
      double probability,
      Pairing pairing,
      double labelSmoothing,
      boolean perSample,
      long seed) {
    <B extends MaskPlanner.Builder<B>> B apply(B b) {
      return b.setNumClasses(numClasses)
          .optProbability(probability)
          .optPairing(pairing)
          .optLabelSmoothing(labelSmoothing)
          .optPerSample(perSample)
          .optSeed(seed);
    }
  }

  /**
   * The method's name as the command line writes it, e.g. {@code fmix:1.0}.
   *
   * @return the name
   */
  String name() {
    return switch (kind) {
      case "smoothmix" -> param == 1 ? "smoothmix:square" : "smoothmix";
      default -> kind + ":" + (param == Math.rint(param) ? param + "" : Double.toString(param));
    };
  }
}
