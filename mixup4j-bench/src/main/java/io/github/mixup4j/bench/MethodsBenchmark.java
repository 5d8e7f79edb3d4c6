package io.github.mixup4j.bench;

import io.github.mixup4j.Cutout;
import io.github.mixup4j.FMix;
import io.github.mixup4j.GridMix;
import io.github.mixup4j.MixMode;
import io.github.mixup4j.MixPlan;
import io.github.mixup4j.MixPlanner;
import io.github.mixup4j.Mixup;
import io.github.mixup4j.ResizeMix;
import io.github.mixup4j.SaliencyMix;
import io.github.mixup4j.SmoothMix;
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
 * Each method's whole cost per batch — drawing the plan for a fresh step and applying it out of
 * place — against the memory floor, one copy of the batch ({@code floor}). The batch is
 * CIFAR-sized: 64 × 3 × 32 × 32 floats (786 KB). Mask methods are measured with one mask per batch
 * (their default) and FMix also with a mask per sample ({@code fmixPerSample}).
 *
 * <p>Run (from the repository root, after {@code ./mvnw -B -o -pl mixup4j-bench -am package
 * -DskipTests}):
 *
 * <pre>
 * java -jar mixup4j-bench/target/benchmarks.jar MethodsBenchmark -f 1 -wi 3 -i 5 -t 1
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MethodsBenchmark {
  private static final int N = 64;
  private static final int C = 3;
  private static final int H = 32;
  private static final int W = 32;

  /** The method. */
  @Param({
    "floor",
    "mixup",
    "mixupElem",
    "cutmix",
    "cutout",
    "fmix",
    "fmixPerSample",
    "gridmix",
    "smoothmix",
    "resizemix",
    "saliencymix"
  })
  public String method;

  private MixPlanner planner;
  private float[] src;
  private float[] dst;
  private long step;

  /** Makes the batch and the planner. */
  @Setup
  public void setUp() {
    src = new float[N * C * H * W];
    dst = new float[src.length];
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < src.length; i++) {
      src[i] = (float) r.nextDouble();
    }
    planner =
        switch (method) {
          case "floor" -> null;
          case "mixup" -> Mixup.builder().setNumClasses(10).optMixupAlpha(1).build();
          case "mixupElem" ->
              Mixup.builder().setNumClasses(10).optMixupAlpha(1).optMode(MixMode.ELEM).build();
          case "cutmix" ->
              Mixup.builder().setNumClasses(10).optMixupAlpha(0).optCutmixAlpha(1).build();
          case "cutout" -> Cutout.builder().optSize(16).build();
          case "fmix" -> FMix.builder().setNumClasses(10).build();
          case "fmixPerSample" -> FMix.builder().setNumClasses(10).optPerSample(true).build();
          case "gridmix" -> GridMix.builder().setNumClasses(10).build();
          case "smoothmix" -> SmoothMix.builder().setNumClasses(10).build();
          case "resizemix" -> ResizeMix.builder().setNumClasses(10).build();
          case "saliencymix" -> SaliencyMix.builder().setNumClasses(10).build();
          default -> throw new IllegalArgumentException(method);
        };
  }

  /**
   * One batch: plan and apply (or, for the floor, one copy).
   *
   * @return the output, so that the work is not optimised away
   */
  @Benchmark
  public float[] batch() {
    if (planner == null) {
      System.arraycopy(src, 0, dst, 0, src.length);
      return dst;
    }
    MixPlan plan =
        planner.needsImages()
            ? planner.plan(step++, src, C, H, W) // SaliencyMix reads the pixels
            : planner.plan(step++, N, H, W);
    plan.apply(src, dst, C);
    return dst;
  }
}
