package io.github.mixup4j.bench;

import io.github.mixup4j.Layout;
import io.github.mixup4j.MixMode;
import io.github.mixup4j.MixPlan;
import io.github.mixup4j.Pairing;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A side-by-side check of the JMH numbers for a shared, noisy machine: every kernel is timed once
 * per round, round after round ({@link Rounds}), so that all of them see the same background load,
 * and the ratio to the streaming floor is taken within each round before its median is. JMH runs
 * benchmarks one after another, minutes apart; here a colleague's build slows the floor and the
 * kernel alike. The core's kernels run on arrays and on direct buffers (as NdMixer's buffer path
 * does), next to the plain loops the core had before ({@code before:}) and the Vector API
 * prototype.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xms2g -Xmx2g -cp mixup4j-bench/target/benchmarks.jar \
 *     io.github.mixup4j.bench.Interleaved [seconds per shape, default 20]
 * </pre>
 *
 * <p>Prints, per shape and kernel: the median time per call, and the median and quartiles of the
 * per-round ratio to {@code floorStream}.
 */
public final class Interleaved {
  private Interleaved() {}

  /**
   * Runs the comparison.
   *
   * @param args optional: seconds of measurement per shape
   */
  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 20;
    System.out.printf(
        Locale.ROOT, "Vector API lanes: %d, %.0f s per shape%n", VectorKernels.lanes(), seconds);
    for (String text : new String[] {"128x3x224x224", "256x3x32x32", "256x1x28x28"}) {
      run(Shape.parse(text), seconds);
    }
  }

  private static void run(Shape s, double seconds) {
    int c = s.channels();
    int n = s.n();
    int size = s.imageSize();
    float[] src = s.randomBatch(1);
    float[] dst = src.clone();
    float[] third = s.randomBatch(2);
    float[] x = src.clone();
    float[] image = new float[size];
    boolean[] done = new boolean[n];
    FloatBuffer srcBuf = direct(src);
    FloatBuffer dstBuf = direct(dst);
    FloatBuffer xBuf = direct(src);
    MixPlan perm = ApplyBenchmark.plan(ApplyBenchmark.mixup(MixMode.BATCH, Pairing.PERMUTATION), s);
    MixPlan rev = ApplyBenchmark.plan(ApplyBenchmark.mixup(MixMode.BATCH, Pairing.REVERSE), s);
    MixPlan cut = ApplyBenchmark.typicalCutmix(s);
    MixPlan elem = ApplyBenchmark.plan(ApplyBenchmark.mixup(MixMode.ELEM, Pairing.PERMUTATION), s);
    int[] partners = new int[n];
    for (int i = 0; i < n; i++) {
      partners[i] = perm.partner(i);
    }
    float[] lambdas = perm.lambdas();
    float l = (float) rev.lambda(0);

    Map<String, Runnable> k = new LinkedHashMap<>();
    k.put("floorStream", () -> Floors.stream(dst, 0.37f, src, third));
    k.put("floorArraycopy", () -> System.arraycopy(src, 0, dst, 0, src.length));
    k.put("floorInPlace", () -> Floors.inPlace(x, 0.5f, 0.25f));
    k.put("mixupApply", () -> perm.apply(src, dst, c));
    k.put("mixupInPlacePermutation", () -> perm.applyInPlace(x, c));
    k.put("mixupInPlaceReverse", () -> rev.applyInPlace(x, c));
    k.put("cutmixInPlacePermutation", () -> cut.applyInPlace(x, c));
    k.put("elemApply", () -> elem.apply(src, dst, c));
    k.put("elemInPlacePermutation", () -> elem.applyInPlace(x, c));
    k.put("direct buf mixupApply", () -> perm.apply(srcBuf, dstBuf, c, Layout.NCHW));
    k.put("direct buf inPlacePermutation", () -> perm.applyInPlace(xBuf, c, Layout.NCHW));
    k.put("direct buf inPlaceReverse", () -> rev.applyInPlace(xBuf, c, Layout.NCHW));
    k.put(
        "before: mixLikeCore", () -> ScalarKernels.mixLikeCore(src, dst, partners, lambdas, size));
    k.put("before: reverseLikeCore", () -> ScalarKernels.reverseLikeCore(x, n, l, size));
    k.put(
        "before: permutationLikeCore",
        () -> ScalarKernels.permutationLikeCore(x, partners, lambdas, size, done, image));
    k.put("proto mixVector", () -> VectorKernels.mix(src, dst, partners, lambdas, size));
    k.put("proto reverseVector", () -> VectorKernels.reverse(x, n, l, size));
    Rounds.measure(
        String.format(Locale.ROOT, "[%d,%d,%d,%d]", n, c, s.height(), s.width()), k, seconds);
  }

  private static FloatBuffer direct(float[] values) {
    FloatBuffer b =
        ByteBuffer.allocateDirect(4 * values.length).order(ByteOrder.nativeOrder()).asFloatBuffer();
    b.put(0, values);
    return b;
  }
}
