package io.github.mixup4j.train.optimizer;

import ai.djl.training.tracker.CosineTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;

/**
 * Learning-rate schedules as DJL {@link Tracker}s of the update count {@code t} (1 for the first
 * update, as {@link StatefulOptimizer} counts), checked here and built from DJL's own trackers
 * where those are pure functions of {@code t}, so that a resumed run gets the rates of the
 * uninterrupted one: {@link Tracker#fixed}, {@link WarmUpTracker} and {@link CosineTracker}. Step
 * decay is our own: DJL's {@code MultiFactorTracker} keeps a step index and mutates its base value
 * as updates go by, so a tracker rebuilt on resume would start over from the first stage.
 */
public final class LrSchedules {
  private LrSchedules() {}

  /**
   * A constant learning rate.
   *
   * @param lr the rate, finite and {@code >= 0}
   * @return the schedule
   * @throws IllegalArgumentException if {@code lr} is negative or not finite
   */
  public static Tracker constant(float lr) {
    checkRate("lr", lr);
    return Tracker.fixed(lr);
  }

  /**
   * Linear warm-up then cosine decay (Goyal et al. 2017; Loshchilov &amp; Hutter 2017):
   *
   * <pre>
   * lr(t) = base · t / warmup                                    for t ≤ warmup (if warmup &gt; 0)
   * lr(t) = final + (base − final) · (1 + cos(π · p)) / 2,  p = (t − warmup) / (total − warmup)
   *                                                              for warmup &lt; t ≤ total
   * lr(t) = final                                                for t &gt; total
   * </pre>
   *
   * @param base the peak rate, finite and {@code >= 0}
   * @param warmupSteps the warm-up length, {@code >= 0} (0: start at {@code base})
   * @param totalSteps the step at which the rate reaches {@code finalLr}, {@code > warmupSteps}
   * @param finalLr the last rate, finite and in {@code [0, base]}
   * @return the schedule
   * @throws IllegalArgumentException if a value is out of range
   */
  public static Tracker warmupCosine(float base, int warmupSteps, int totalSteps, float finalLr) {
    checkRate("base", base);
    checkRate("finalLr", finalLr);
    if (finalLr > base) {
      throw new IllegalArgumentException("finalLr " + finalLr + " must not exceed base " + base);
    }
    if (warmupSteps < 0) {
      throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
    }
    if (totalSteps <= warmupSteps) {
      throw new IllegalArgumentException(
          "totalSteps must be > warmupSteps (" + warmupSteps + "), got " + totalSteps);
    }
    Tracker cosine =
        CosineTracker.builder()
            .setBaseValue(base)
            .optFinalValue(finalLr)
            .setMaxUpdates(totalSteps - warmupSteps)
            .build();
    if (warmupSteps == 0) {
      return cosine;
    }
    return WarmUpTracker.builder()
        .setMainTracker(cosine)
        .optWarmUpSteps(warmupSteps)
        .optWarmUpBeginValue(0f)
        .build();
  }

  /**
   * Step decay: {@code lr(t) = base · gamma^floor((t − 1) / stepSize)}, so the first {@code
   * stepSize} updates use {@code base}.
   *
   * @param base the initial rate, finite and {@code >= 0}
   * @param stepSize updates per stage, {@code >= 1}
   * @param gamma the factor per stage, in {@code (0, 1]}
   * @return the schedule
   * @throws IllegalArgumentException if a value is out of range
   */
  public static Tracker stepDecay(float base, int stepSize, float gamma) {
    checkRate("base", base);
    if (stepSize < 1) {
      throw new IllegalArgumentException("stepSize must be >= 1, got " + stepSize);
    }
    if (!(gamma > 0 && gamma <= 1)) {
      throw new IllegalArgumentException("gamma must be in (0, 1], got " + gamma);
    }
    return t -> (float) (base * Math.pow(gamma, Math.max(0, t - 1) / stepSize));
  }

  private static void checkRate(String name, float lr) {
    if (!(lr >= 0) || !Float.isFinite(lr)) {
      throw new IllegalArgumentException(name + " must be a finite value >= 0, got " + lr);
    }
  }
}
