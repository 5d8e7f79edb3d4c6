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
 * Does JDK 17's C2 vectorise the Mixup loops? The core's chunked kernels ({@code *Core}) side by
 * side with the plain loops the core had before ({@link ScalarKernels}, {@code *LikeCore}), the
 * incubating Vector API ({@link VectorKernels}) and the streaming floor. Run it twice, the second
 * time with C2's auto-vectoriser off: a loop whose time does not change was not vectorised.
 *
 * <pre>
 * java -jar mixup4j-bench/target/benchmarks.jar KernelBenchmark -f 1 -wi 3 -i 5 -t 1
 * java -jar mixup4j-bench/target/benchmarks.jar KernelBenchmark -f 1 -wi 3 -i 5 -t 1 \
 *     -jvmArgsAppend -XX:-UseSuperWord
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Threads(1)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Xms2g",
      "-Xmx2g",
      "-XX:+AlwaysPreTouch",
      "--add-modules=jdk.incubator.vector"
    })
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class KernelBenchmark {

  /** The batch, {@code NxCxHxW}. */
  @Param({"128x3x224x224", "256x3x32x32", "256x1x28x28"})
  public String shape;

  private int n;
  private int size;
  private int channels;
  private float[] src;
  private float[] dst;
  private float[] third;
  private float[] x;
  private float[] image;
  private boolean[] done;
  private MixPlan permutation;
  private MixPlan reverse;
  private int[] partners;
  private float[] lambdas;
  private float lambda;

  /** Makes the batch, the plans and their partner/λ arrays. */
  @Setup
  public void setUp() {
    Shape s = Shape.parse(shape);
    n = s.n();
    size = s.imageSize();
    channels = s.channels();
    src = s.randomBatch(1);
    dst = src.clone();
    third = s.randomBatch(2);
    x = src.clone();
    image = new float[size];
    done = new boolean[n];
    permutation = planner(Pairing.PERMUTATION).plan(7, n, s.height(), s.width());
    reverse = planner(Pairing.REVERSE).plan(7, n, s.height(), s.width());
    partners = new int[n];
    for (int i = 0; i < n; i++) {
      partners[i] = permutation.partner(i);
    }
    lambdas = permutation.lambdas();
    lambda = (float) reverse.lambda(0);
    System.out.println();
    System.out.println("Vector API lanes: " + VectorKernels.lanes());
  }

  private static Mixup planner(Pairing pairing) {
    return Mixup.builder()
        .setNumClasses(10)
        .optMixupAlpha(0.4)
        .optCutmixAlpha(0)
        .optMode(MixMode.BATCH)
        .optPairing(pairing)
        .optSeed(42)
        .build();
  }

  /**
   * The floor: one streaming pass {@code a = s·b + c}.
   *
   * @return the written array
   */
  @Benchmark
  public float[] floorStream() {
    Floors.stream(dst, 0.37f, src, third);
    return dst;
  }

  /**
   * {@code MixPlan.apply}, batch Mixup, permutation.
   *
   * @return the written array
   */
  @Benchmark
  public float[] mixCore() {
    permutation.apply(src, dst, channels);
    return dst;
  }

  /**
   * The core's out-of-place loop, extracted.
   *
   * @return the written array
   */
  @Benchmark
  public float[] mixLikeCore() {
    ScalarKernels.mixLikeCore(src, dst, partners, lambdas, size);
    return dst;
  }

  /**
   * Vector API.
   *
   * @return the written array
   */
  @Benchmark
  public float[] mixVector() {
    VectorKernels.mix(src, dst, partners, lambdas, size);
    return dst;
  }

  /**
   * {@code MixPlan.applyInPlace}, batch Mixup, reversed pairs.
   *
   * @return the written array
   */
  @Benchmark
  public float[] reverseCore() {
    reverse.applyInPlace(x, channels);
    return x;
  }

  /**
   * The core's mutual-pair loop, extracted.
   *
   * @return the written array
   */
  @Benchmark
  public float[] reverseLikeCore() {
    ScalarKernels.reverseLikeCore(x, n, lambda, size);
    return x;
  }

  /**
   * Vector API.
   *
   * @return the written array
   */
  @Benchmark
  public float[] reverseVector() {
    VectorKernels.reverse(x, n, lambda, size);
    return x;
  }

  /**
   * {@code MixPlan.applyInPlace}, batch Mixup, permutation (along its cycles).
   *
   * @return the written array
   */
  @Benchmark
  public float[] permutationCore() {
    permutation.applyInPlace(x, channels);
    return x;
  }

  /**
   * The core's cycle walk and in-place loops, extracted.
   *
   * @return the written array
   */
  @Benchmark
  public float[] permutationLikeCore() {
    ScalarKernels.permutationLikeCore(x, partners, lambdas, size, done, image);
    return x;
  }
}
