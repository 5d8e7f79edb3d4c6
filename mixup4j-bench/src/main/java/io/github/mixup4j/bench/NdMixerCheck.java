package io.github.mixup4j.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.mixup4j.MixMode;
import io.github.mixup4j.MixPlan;
import io.github.mixup4j.Pairing;
import io.github.mixup4j.djl.NdMixer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@link NdMixer}'s buffer path (and, for reference, its device-generic op path run on the CPU) on
 * a PyTorch CPU {@link NDArray} against the streaming floor over Java arrays, timed round-robin
 * ({@link Rounds}) as {@link Interleaved} does. PyTorch's native library (100 MB) is not shaded
 * into benchmarks.jar: put the {@code pytorch-native-cpu} jar from the local Maven repository on
 * the class path.
 *
 * <pre>
 * java -Dai.djl.offline=true -Xms2g -Xmx2g \
 *     -cp mixup4j-bench/target/benchmarks.jar:$(ls ~/.m2/repository/ai/djl/pytorch/\
 *     pytorch-native-cpu/*&#47;pytorch-native-cpu-*-linux-x86_64.jar) \
 *     io.github.mixup4j.bench.NdMixerCheck [seconds, default 20] [shape, default 128x3x224x224]
 * </pre>
 */
public final class NdMixerCheck {
  private NdMixerCheck() {}

  /**
   * Runs the comparison.
   *
   * @param args optional: seconds of measurement, shape {@code NxCxHxW}
   */
  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 20;
    Shape s = Shape.parse(args.length > 1 ? args[1] : "128x3x224x224");
    int c = s.channels();
    float[] src = s.randomBatch(1);
    float[] dst = src.clone();
    float[] third = s.randomBatch(2);
    MixPlan perm = ApplyBenchmark.plan(ApplyBenchmark.mixup(MixMode.BATCH, Pairing.PERMUTATION), s);
    MixPlan rev = ApplyBenchmark.plan(ApplyBenchmark.mixup(MixMode.BATCH, Pairing.REVERSE), s);
    NdMixer mixer = NdMixer.builder().optPath(NdMixer.Path.BUFFER).build();
    NdMixer ops = NdMixer.builder().optPath(NdMixer.Path.OPS).build();
    // half the samples mixed, half left alone: the op path's exact copy of unmixed rows (where)
    MixPlan half =
        ApplyBenchmark.plan(
            io.github.mixup4j.Mixup.builder()
                .setNumClasses(10)
                .optMixupAlpha(0.4)
                .optProbability(0.5)
                .optMode(MixMode.ELEM)
                .optSeed(7)
                .build(),
            s);
    try (NDManager m = NDManager.newBaseManager()) {
      ai.djl.ndarray.types.Shape shape =
          new ai.djl.ndarray.types.Shape(s.n(), c, s.height(), s.width());
      NDArray images = m.create(src, shape);
      NDArray x = m.create(src, shape);
      Map<String, Runnable> k = new LinkedHashMap<>();
      k.put("floorStream (float[])", () -> Floors.stream(dst, 0.37f, src, third));
      k.put("core apply (float[])", () -> perm.apply(src, dst, c));
      k.put("NdMixer.mix (new tensor)", () -> mixer.mix(images, perm).close());
      k.put("NdMixer.mixInPlace PERMUTATION", () -> mixer.mixInPlace(x, perm));
      k.put("NdMixer.mixInPlace REVERSE", () -> mixer.mixInPlace(x, rev));
      k.put("NdMixer.mix OPS path, BATCH", () -> ops.mix(images, perm).close());
      k.put("NdMixer.mix OPS path, ELEM p=0.5", () -> ops.mix(images, half).close());
      System.out.printf(Locale.ROOT, "engine %s, %.0f s%n", m.getEngine().getEngineName(), seconds);
      Rounds.measure(shape.toString(), k, seconds);
    }
  }
}
