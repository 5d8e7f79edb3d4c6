package io.github.mixup4j.bench;

import io.github.mixup4j.MixMode;
import io.github.mixup4j.MixPlan;
import io.github.mixup4j.Mixup;
import io.github.mixup4j.Pairing;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-batch bookkeeping around the pixels: making a plan for n = 256 ({@code plan(step, n, H,
 * W)}, a fresh step every call) and turning labels into soft targets.
 *
 * <p>Run (from the repository root, after {@code ./mvnw -B -o -pl mixup4j-bench -am package
 * -DskipTests}):
 *
 * <pre>
 * java -jar mixup4j-bench/target/benchmarks.jar PlanBenchmark -f 1 -wi 3 -i 5 -t 1 -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PlanBenchmark {

  private static final int N = 256;

  private Mixup batchPermutation;
  private Mixup batchSwitch;
  private Mixup elemSwitch;
  private long step;

  /** Makes the planners. */
  @Setup
  public void setUp() {
    batchPermutation = planner(MixMode.BATCH, 0.4, 0, 1000);
    batchSwitch = planner(MixMode.BATCH, 0.8, 1.0, 1000);
    elemSwitch = planner(MixMode.ELEM, 0.8, 1.0, 1000);
  }

  private static Mixup planner(MixMode mode, double mixupAlpha, double cutmixAlpha, int classes) {
    return Mixup.builder()
        .setNumClasses(classes)
        .optMixupAlpha(mixupAlpha)
        .optCutmixAlpha(cutmixAlpha)
        .optMode(mode)
        .optPairing(Pairing.PERMUTATION)
        .optLabelSmoothing(0.1)
        .optSeed(42)
        .build();
  }

  /** One plan, its labels and a reused output, for K classes. */
  @State(Scope.Thread)
  public static class Targets {
    /** Number of classes K of the soft targets (CIFAR-10, ImageNet). */
    @Param({"10", "1000"})
    public int numClasses;

    private MixPlan plan;
    private int[] labels;
    private float[] out;

    /** Makes the plan and the labels. */
    @Setup
    public void setUp() {
      plan = planner(MixMode.BATCH, 0.4, 0, numClasses).plan(7, N, 224, 224);
      SplittableRandom r = new SplittableRandom(3);
      labels = new int[N];
      for (int i = 0; i < N; i++) {
        labels[i] = r.nextInt(numClasses);
      }
      out = new float[N * numClasses];
    }
  }

  /**
   * A batch-mode Mixup plan for n = 256 (one λ, a random permutation).
   *
   * @return the plan
   */
  @Benchmark
  public MixPlan planBatchMixup() {
    return batchPermutation.plan(step++, N, 224, 224);
  }

  /**
   * A batch-mode plan switching between Mixup and CutMix (timm's defaults), n = 256.
   *
   * @return the plan
   */
  @Benchmark
  public MixPlan planBatchSwitch() {
    return batchSwitch.plan(step++, N, 224, 224);
  }

  /**
   * An element-mode plan (one decision, λ and box per sample), n = 256.
   *
   * @return the plan
   */
  @Benchmark
  public MixPlan planElemSwitch() {
    return elemSwitch.plan(step++, N, 224, 224);
  }

  /**
   * Soft targets into a new n × K array.
   *
   * @param t the plan and labels
   * @return the targets
   */
  @Benchmark
  public float[] softTargets(Targets t) {
    return t.plan.softTargets(t.labels);
  }

  /**
   * Soft targets into a reused n × K array.
   *
   * @param t the plan, labels and output
   * @return the targets
   */
  @Benchmark
  public float[] softTargetsInto(Targets t) {
    t.plan.softTargets(t.labels, t.out);
    return t.out;
  }
}
