package io.github.mixup4j.bench;

import io.github.mixup4j.MixMode;
import io.github.mixup4j.MixPlan;
import io.github.mixup4j.Mixup;
import io.github.mixup4j.Pairing;
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
 * Applying one batch-mode {@link MixPlan} to a {@code float[]} NCHW batch, single thread, against
 * the floors measured in the same run: one streaming pass {@code a = s·b + c} over the batch's
 * length, a plain {@link System#arraycopy} of the batch, and one in-place pass {@code a = s·a + t}.
 *
 * <p>Run (from the repository root, after {@code ./mvnw -B -o -pl mixup4j-bench -am package
 * -DskipTests}):
 *
 * <pre>
 * java -jar mixup4j-bench/target/benchmarks.jar ApplyBenchmark -f 1 -wi 3 -i 5 -t 1 -prof gc
 * </pre>
 *
 * <p>The in-place benchmarks mix the same array again on every call. A mix is a convex combination
 * (or a copy of pixels), so the values stay in [0, 1) and never become subnormal.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Threads(1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ApplyBenchmark {

  /** The batch, {@code NxCxHxW}. */
  @Param({"128x3x224x224", "256x3x32x32", "256x1x28x28"})
  public String shape;

  private static final long SEED = 42;
  private static final long STEP = 7;

  private int channels;
  private float[] src;
  private float[] dst;
  private float[] third;
  private float[] x;

  private MixPlan mixPermutation;
  private MixPlan mixReverse;
  private MixPlan cutmixPermutation;
  private MixPlan elemPermutation;

  /** Makes the batch and the plans once per trial. */
  @Setup
  public void setUp() {
    Shape s = Shape.parse(shape);
    channels = s.channels();
    src = s.randomBatch(1);
    dst = src.clone();
    third = s.randomBatch(2);
    x = src.clone();
    mixPermutation = plan(mixup(MixMode.BATCH, Pairing.PERMUTATION), s);
    mixReverse = plan(mixup(MixMode.BATCH, Pairing.REVERSE), s);
    cutmixPermutation = typicalCutmix(s);
    elemPermutation = plan(mixup(MixMode.ELEM, Pairing.PERMUTATION), s);
    System.out.println();
    System.out.println("mixup:  " + mixPermutation);
    System.out.println("cutmix: " + cutmixPermutation);
    System.out.println("elem:   " + elemPermutation);
  }

  static Mixup mixup(MixMode mode, Pairing pairing) {
    return Mixup.builder()
        .setNumClasses(10)
        .optMixupAlpha(0.4)
        .optCutmixAlpha(0)
        .optMode(mode)
        .optPairing(pairing)
        .optSeed(SEED)
        .build();
  }

  /**
   * The first CutMix plan (from step 0) whose box covers 40–60% of the image, so the benchmark
   * copies a typical amount (α = 1 gives a mean box area of one half).
   */
  static MixPlan typicalCutmix(Shape s) {
    Mixup m =
        Mixup.builder()
            .setNumClasses(10)
            .optMixupAlpha(0)
            .optCutmixAlpha(1.0)
            .optMode(MixMode.BATCH)
            .optPairing(Pairing.PERMUTATION)
            .optSeed(SEED)
            .build();
    for (long step = 0; ; step++) {
      MixPlan p = m.plan(step, s.n(), s.height(), s.width());
      int i = p.isMixed(0) ? 0 : 1;
      if (p.isMixed(i) && p.lambda(i) >= 0.4 && p.lambda(i) <= 0.6) {
        return p;
      }
    }
  }

  static MixPlan plan(Mixup m, Shape s) {
    MixPlan p = m.plan(STEP, s.n(), s.height(), s.width());
    if (p.isIdentity()) {
      throw new IllegalStateException("benchmark plan is the identity: " + p);
    }
    return p;
  }

  // ------------------------------------------------------------------ floors

  /**
   * The floor: one streaming pass {@code a[i] = s·b[i] + c[i]} over the batch's length.
   *
   * @return the written array
   */
  @Benchmark
  public float[] floorStream() {
    Floors.stream(dst, 0.37f, src, third);
    return dst;
  }

  /**
   * A plain copy of the batch.
   *
   * @return the written array
   */
  @Benchmark
  public float[] floorArraycopy() {
    System.arraycopy(src, 0, dst, 0, src.length);
    return dst;
  }

  /**
   * One in-place pass {@code a[i] = s·a[i] + t}: read and write each byte once.
   *
   * @return the written array
   */
  @Benchmark
  public float[] floorInPlace() {
    Floors.inPlace(x, 0.5f, 0.25f);
    return x;
  }

  // ------------------------------------------------------------------ mixup4j

  /**
   * Batch-mode Mixup, random permutation, out of place.
   *
   * @return the written array
   */
  @Benchmark
  public float[] mixupApply() {
    mixPermutation.apply(src, dst, channels);
    return dst;
  }

  /**
   * Batch-mode Mixup, random permutation, in place (follows the permutation's cycles).
   *
   * @return the written array
   */
  @Benchmark
  public float[] mixupInPlacePermutation() {
    mixPermutation.applyInPlace(x, channels);
    return x;
  }

  /**
   * Batch-mode Mixup, reversed pairs i ↔ n−1−i (timm's flip), in place.
   *
   * @return the written array
   */
  @Benchmark
  public float[] mixupInPlaceReverse() {
    mixReverse.applyInPlace(x, channels);
    return x;
  }

  /**
   * Batch-mode CutMix (α = 1, one box for the batch), random permutation, in place.
   *
   * @return the written array
   */
  @Benchmark
  public float[] cutmixInPlacePermutation() {
    cutmixPermutation.applyInPlace(x, channels);
    return x;
  }

  /**
   * Element-mode Mixup (one λ per sample), random permutation, out of place.
   *
   * @return the written array
   */
  @Benchmark
  public float[] elemApply() {
    elemPermutation.apply(src, dst, channels);
    return dst;
  }

  /**
   * Element-mode Mixup (one λ per sample), random permutation, in place.
   *
   * @return the written array
   */
  @Benchmark
  public float[] elemInPlacePermutation() {
    elemPermutation.applyInPlace(x, channels);
    return x;
  }
}
