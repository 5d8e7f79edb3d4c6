package io.github.mixup4j.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.mixup4j.Cutout;
import io.github.mixup4j.Layout;
import io.github.mixup4j.MixKind;
import io.github.mixup4j.MixMode;
import io.github.mixup4j.MixPlan;
import io.github.mixup4j.MixPlanner;
import io.github.mixup4j.Mixup;
import io.github.mixup4j.Pairing;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NdMixerTest {
  private static final int N = 7;
  private static final int C = 3;
  private static final int H = 5;
  private static final int W = 6;
  private static final int K = 4;

  private static NDManager manager;

  @BeforeAll
  static void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  static Stream<Arguments> planners() {
    List<Arguments> out = new ArrayList<>();
    for (MixMode mode : MixMode.values()) {
      for (Pairing pairing : Pairing.values()) {
        if (pairing == Pairing.CLASS_BALANCED) {
          continue; // reads labels; BatchMixerTest covers it
        }
        Mixup.Builder base =
            Mixup.builder().setNumClasses(K).optMode(mode).optPairing(pairing).optSeed(11);
        out.add(Arguments.of("mixup " + mode + " " + pairing, base.build()));
        out.add(
            Arguments.of(
                "cutmix " + mode + " " + pairing,
                Mixup.builder()
                    .setNumClasses(K)
                    .optMixupAlpha(0)
                    .optCutmixAlpha(1.0)
                    .optMode(mode)
                    .optPairing(pairing)
                    .optSeed(12)
                    .build()));
        out.add(
            Arguments.of(
                "both p=0.7 " + mode + " " + pairing,
                Mixup.builder()
                    .setNumClasses(K)
                    .optCutmixAlpha(1.0)
                    .optProbability(0.7)
                    .optMode(mode)
                    .optPairing(pairing)
                    .optLabelSmoothing(0.1)
                    .optSeed(13)
                    .build()));
      }
    }
    out.add(
        Arguments.of(
            "cutout",
            Cutout.builder().optSize(3).optFill(-0.5f).optProbability(0.8).optSeed(5).build()));
    return out.stream();
  }

  private static float[] random(int size, long seed) {
    Random r = new Random(seed);
    float[] a = new float[size];
    for (int i = 0; i < size; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }

  /** Plans until one changes something, so no case passes by leaving the batch alone. */
  private static MixPlan nonTrivialPlan(MixPlanner planner, int h, int w) {
    for (long step = 0; step < 100; step++) {
      MixPlan p = planner.plan(step, N, h, w);
      if (!p.isIdentity()) {
        return p;
      }
    }
    throw new AssertionError("no non-trivial plan");
  }

  private static Shape shape(Layout layout) {
    return layout == Layout.NCHW ? new Shape(N, C, H, W) : new Shape(N, H, W, C);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("planners")
  void mix_equalsCoreKernels_bothPathsBothLayouts(String name, MixPlanner planner) {
    MixPlan plan = nonTrivialPlan(planner, H, W);
    for (Layout layout : Layout.values()) {
      float[] src = random(N * C * H * W, 3);
      float[] expected = new float[src.length];
      plan.apply(src, expected, C, layout);
      for (NdMixer.Path path : NdMixer.Path.values()) {
        NdMixer mixer = NdMixer.builder().optLayout(layout).optPath(path).build();
        try (NDManager m = manager.newSubManager()) {
          NDArray x = m.create(src, shape(layout));
          NDArray out = mixer.mix(x, plan);
          assertArrayEquals(src, x.toFloatArray(), 0f, "input unchanged " + path);
          assertEquals(x.getShape(), out.getShape());
          float tol = 0f; // the op path computes λ·x + (1−λ)·x_p in float as the kernels do
          assertArrayEquals(expected, out.toFloatArray(), tol, name + " " + layout + " " + path);
          NDArray same = mixer.mixInPlace(x, plan);
          assertSame(x, same);
          assertArrayEquals(expected, x.toFloatArray(), tol, "in place " + layout + " " + path);
        }
      }
    }
  }

  @Test
  void toByteBuffer_aliasesPyTorchCpuTensor() {
    try (NDManager m = manager.newSubManager()) {
      NDArray x = m.create(new float[] {1, 2, 3, 4});
      ByteBuffer b = x.toByteBuffer(true).order(ByteOrder.nativeOrder());
      assertTrue(b.isDirect());
      b.putFloat(4, 42f);
      assertArrayEquals(new float[] {1, 42, 3, 4}, x.toFloatArray());
      assertNotNull(NdMixer.aliasingBuffer(x), "a contiguous CPU tensor is aliased");
    }
  }

  @Test
  void mix_nonContiguousInput_fallsBackAndIsCorrect() {
    try (NDManager m = manager.newSubManager()) {
      float[] base = random(N * C * W * H, 9);
      NDArray stored = m.create(base, new Shape(N, C, W, H));
      NDArray x = stored.transpose(0, 1, 3, 2); // N, C, H, W but not contiguous
      MixPlan plan = nonTrivialPlan(Mixup.builder().setNumClasses(K).optSeed(3).build(), H, W);
      float[] logical = x.toFloatArray();
      float[] expected = new float[logical.length];
      plan.apply(logical, expected, C);
      NdMixer mixer = NdMixer.builder().optPath(NdMixer.Path.BUFFER).build();
      assertArrayEquals(expected, mixer.mix(x, plan).toFloatArray(), 1e-6f);
      mixer.mixInPlace(x, plan);
      assertArrayEquals(expected, x.toFloatArray(), 1e-6f);
      assertArrayEquals(base, stored.toFloatArray(), 0f, "the stored array is not written");
    }
  }

  @Test
  void mix_rank2And3_equalCore() {
    MixPlanner cut =
        Mixup.builder().setNumClasses(K).optCutmixAlpha(1).optMode(MixMode.ELEM).optSeed(8).build();
    for (NdMixer.Path path : NdMixer.Path.values()) {
      NdMixer mixer = NdMixer.builder().optPath(path).build();
      try (NDManager m = manager.newSubManager()) {
        float[] src = random(N * H * W, 4);
        MixPlan p3 = nonTrivialPlan(cut, H, W);
        float[] e3 = new float[src.length];
        p3.apply(src, e3, 1);
        assertArrayEquals(
            e3, mixer.mix(m.create(src, new Shape(N, H, W)), p3).toFloatArray(), 1e-6f);
        MixPlan p2 = nonTrivialPlan(cut, 1, H * W);
        float[] e2 = new float[src.length];
        p2.apply(src, e2, 1);
        assertArrayEquals(
            e2, mixer.mix(m.create(src, new Shape(N, H * W)), p2).toFloatArray(), 1e-6f);
      }
    }
  }

  @Test
  void labels_softAndTwoLabel_equalCore() {
    Mixup mixup =
        Mixup.builder()
            .setNumClasses(K)
            .optCutmixAlpha(1)
            .optMode(MixMode.ELEM)
            .optLabelSmoothing(0.1)
            .optSeed(2)
            .build();
    MixPlan plan = nonTrivialPlan(mixup, H, W);
    // the two-label form carries no smoothing: the same draws without it
    MixPlan flat =
        nonTrivialPlan(
            Mixup.builder()
                .setNumClasses(K)
                .optCutmixAlpha(1)
                .optMode(MixMode.ELEM)
                .optSeed(2)
                .build(),
            H,
            W);
    int[] labels = {0, 1, 2, 3, 3, 1, 0};
    float[] soft = plan.softTargets(labels);
    int[] partners = flat.partnerLabels(labels);
    for (NdMixer.Path path : NdMixer.Path.values()) {
      NdMixer mixer = NdMixer.builder().optPath(path).build();
      try (NDManager m = manager.newSubManager()) {
        NDArray asInt = m.create(labels);
        NDArray asColumn = asInt.toType(DataType.FLOAT32, false).reshape(N, 1);
        for (NDArray y : List.of(asInt, asColumn)) {
          NDArray t = mixer.softTargets(y, plan);
          assertEquals(new Shape(N, K), t.getShape());
          assertArrayEquals(soft, t.toFloatArray(), 1e-6f, path + " " + y.getShape());
          NDList two = mixer.twoLabels(y, flat);
          assertEquals(3, two.size());
          assertArrayEquals(labels, two.get(0).toType(DataType.INT32, false).toIntArray());
          assertArrayEquals(partners, two.get(1).toType(DataType.INT32, false).toIntArray());
          assertArrayEquals(flat.lambdas(), two.get(2).toFloatArray(), 0f);
        }
        float[] multi = random(N * K, 6);
        NDArray mt = mixer.mixTargets(m.create(multi, new Shape(N, K)), plan);
        assertArrayEquals(plan.mixTargets(multi, K), mt.toFloatArray(), 1e-6f);
      }
    }
  }

  @Test
  void mix_leavesNothingBehind() {
    MixPlanner planner =
        Mixup.builder().setNumClasses(K).optCutmixAlpha(1).optMode(MixMode.ELEM).optSeed(1).build();
    for (NdMixer.Path path : NdMixer.Path.values()) {
      NdMixer mixer = NdMixer.builder().optPath(path).build();
      try (NDManager m = manager.newSubManager()) {
        NDArray x = m.create(random(N * C * H * W, 1), new Shape(N, C, H, W));
        NDArray y = m.create(new int[] {0, 1, 2, 3, 0, 1, 2});
        int before = m.getManagedArrays().size();
        for (int step = 0; step < 20; step++) {
          MixPlan plan = planner.plan(step, N, H, W);
          mixer.mix(x, plan).close();
          mixer.mixInPlace(x, plan);
          mixer.softTargets(y, plan).close();
          mixer.twoLabels(y, plan).close();
        }
        assertEquals(before, m.getManagedArrays().size(), path.toString());
      }
    }
  }

  @Test
  void mix_badShape_isNamed() {
    NdMixer mixer = NdMixer.builder().build();
    MixPlan plan = Mixup.builder().setNumClasses(K).build().plan(0, N, H, W);
    try (NDManager m = manager.newSubManager()) {
      NDArray x = m.zeros(new Shape(N, C, H + 1, W));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> mixer.mix(x, plan));
      assertTrue(e.getMessage().contains("H = " + H), e.getMessage());
      NDArray y = m.zeros(new Shape(N, 2));
      e = assertThrows(IllegalArgumentException.class, () -> mixer.softTargets(y, plan));
      assertTrue(e.getMessage().contains("(7, 2)"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> mixer.mix(m.zeros(new Shape(N)), plan));
    }
  }

  @Test
  void plan_kindsAreCovered() {
    // The planners above do produce every kind the mixer handles.
    MixPlan mixed =
        nonTrivialPlan(
            Mixup.builder()
                .setNumClasses(K)
                .optCutmixAlpha(1)
                .optProbability(0.7)
                .optMode(MixMode.ELEM)
                .optSeed(13)
                .build(),
            H,
            W);
    boolean[] seen = new boolean[MixKind.values().length];
    for (int i = 0; i < mixed.batchSize(); i++) {
      seen[mixed.kind(i).ordinal()] = true;
    }
    assertTrue(seen[MixKind.MIXUP.ordinal()] || seen[MixKind.CUTMIX.ordinal()]);
  }

  @Test
  void opPath_equalsBufferPath_onInfAndNaN() {
    // Unmixed, CutMix and Cutout rows must be copied, not computed as x·1 + x_p·0 (Inf·0 = NaN).
    List<MixPlanner> planners =
        List.of(
            Mixup.builder()
                .setNumClasses(K)
                .optCutmixAlpha(1)
                .optProbability(0.6)
                .optMode(MixMode.ELEM)
                .optSeed(21)
                .build(),
            Mixup.builder().setNumClasses(K).optProbability(0.5).optMode(MixMode.PAIR).build(),
            Cutout.builder().optSize(3).optProbability(0.5).optSeed(2).build());
    float[] src = random(N * C * H * W, 8);
    for (int i = 0; i < src.length; i += 5) {
      src[i] = i % 3 == 0 ? Float.POSITIVE_INFINITY : i % 3 == 1 ? Float.NaN : -0f;
    }
    for (MixPlanner planner : planners) {
      for (long step = 0; step < 6; step++) {
        MixPlan plan = planner.plan(step, N, H, W);
        float[] expected = new float[src.length];
        plan.apply(src, expected, C);
        try (NDManager m = manager.newSubManager()) {
          NDArray x = m.create(src, new Shape(N, C, H, W));
          float[] ops =
              NdMixer.builder().optPath(NdMixer.Path.OPS).build().mix(x, plan).toFloatArray();
          float[] buffer =
              NdMixer.builder().optPath(NdMixer.Path.BUFFER).build().mix(x, plan).toFloatArray();
          for (int k = 0; k < src.length; k++) {
            assertEquals(
                Float.floatToIntBits(expected[k]),
                Float.floatToIntBits(buffer[k]),
                "buffer " + planner + " step " + step + " @" + k);
            assertEquals(
                Float.floatToIntBits(expected[k]),
                Float.floatToIntBits(ops[k]),
                "ops " + planner + " step " + step + " @" + k + ": " + plan);
          }
        }
      }
    }
  }

  @Test
  void mix_integerImages_areMixedInFloatAndRounded() {
    // Before: λ became 0 in the image's integer type and [200, 100, 50, 10] came out [0, 0, 50, 0].
    Mixup mixup =
        Mixup.builder().setNumClasses(K).optMixupAlpha(1).optPairing(Pairing.REVERSE).build();
    MixPlan plan = mixup.plan(3, 2, 1, 2);
    float l = (float) plan.lambda(0);
    assertTrue(l > 0.05f && l < 0.95f, "a real mix: λ = " + l);
    int[] pixels = {200, 100, 50, 10};
    for (DataType type : List.of(DataType.UINT8, DataType.INT32, DataType.INT64)) {
      try (NDManager m = manager.newSubManager()) {
        NDArray x = m.create(pixels, new Shape(2, 1, 1, 2)).toType(type, false);
        NDArray out = NdMixer.builder().build().mix(x, plan);
        assertEquals(type, out.getDataType());
        int[] got = out.toType(DataType.INT32, false).toIntArray();
        for (int i = 0; i < 2; i++) {
          for (int j = 0; j < 2; j++) {
            float li = (float) plan.lambda(i);
            float v = li * pixels[2 * i + j] + (1f - li) * pixels[2 * (1 - i) + j];
            assertEquals((int) Math.rint(v), got[2 * i + j], type + " pixel " + i + "," + j);
          }
        }
        NdMixer.builder().build().mixInPlace(x, plan);
        assertArrayEquals(got, x.toType(DataType.INT32, false).toIntArray(), "in place");
      }
    }
  }

  @Test
  void nhwcBatch_givenToAnNchwMixer_isRefusedWithTheFix() {
    NdMixer nchw = NdMixer.builder().build();
    try (NDManager m = manager.newSubManager()) {
      NDArray nhwc = m.zeros(new Shape(N, 28, 28, 1));
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> nchw.plan(Mixup.builder().setNumClasses(K).build(), 0, nhwc));
      assertEquals(
          "images have shape (7, 28, 28, 1): 28 channels on axis 1 of the declared NCHW layout,"
              + " expected 1 to 4 (grey … RGBA); it looks NHWC: build the mixer with"
              + " optLayout(Layout.NHWC), or transpose the batch to NCHW",
          e.getMessage());
      MixPlan p =
          NdMixer.builder()
              .optLayout(Layout.NHWC)
              .build()
              .plan(Mixup.builder().setNumClasses(K).build(), 0, nhwc);
      assertEquals(28, p.height());
      NDArray bands = m.zeros(new Shape(N, 8, H, W));
      assertThrows(
          IllegalArgumentException.class,
          () -> nchw.plan(Mixup.builder().setNumClasses(K).build(), 0, bands));
      MixPlan q =
          NdMixer.builder()
              .optChannels(8)
              .build()
              .plan(Mixup.builder().setNumClasses(K).build(), 0, bands);
      assertEquals(W, q.width());
    }
  }

  @Test
  void labels_outOfRangeOrNotIntegers_sameErrorInEveryForm() {
    MixPlan plan = Mixup.builder().setNumClasses(K).optSeed(1).build().plan(0, N, H, W);
    NdMixer mixer = NdMixer.builder().build();
    NdMixer ops = NdMixer.builder().optPath(NdMixer.Path.OPS).build();
    try (NDManager m = manager.newSubManager()) {
      NDArray tooBig = m.create(new int[] {0, 1, 2, 3, 4, 1, 0});
      NDArray fraction = m.create(new float[] {0, 2.7f, 1, 1, 0, 0, 3});
      NDArray negative = m.create(new long[] {0, 1, 2, 3, 0, -1, 0});
      String big = "labels[4] = 4: expected a class index, an integer in [0, 4)";
      String frac = "labels[1] = 2.700000047683716: expected a class index, an integer in [0, 4)";
      String neg = "labels[5] = -1: expected a class index, an integer in [0, 4)";
      for (NdMixer x : List.of(mixer, ops)) {
        for (Object[] c : new Object[][] {{tooBig, big}, {fraction, frac}, {negative, neg}}) {
          NDArray y = (NDArray) c[0];
          assertEquals(
              c[1],
              assertThrows(IllegalArgumentException.class, () -> x.softTargets(y, plan))
                  .getMessage());
          assertEquals(
              c[1],
              assertThrows(IllegalArgumentException.class, () -> x.twoLabels(y, plan))
                  .getMessage());
        }
      }
    }
  }

  @Test
  void twoLabels_withLabelSmoothing_isRefused() {
    MixPlan plan = Mixup.builder().setNumClasses(K).optLabelSmoothing(0.2).build().plan(0, N, H, W);
    try (NDManager m = manager.newSubManager()) {
      NDArray y = m.create(new int[] {0, 1, 2, 3, 0, 1, 2});
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> NdMixer.builder().build().twoLabels(y, plan));
      assertTrue(
          e.getMessage().startsWith("label smoothing 0.2 cannot be carried by the two-label form"),
          e.getMessage());
    }
  }

  @Test
  void mixFeatures_backwardAfterGc_readsNoFreedMemory() throws Exception {
    // The weights and partner index must live in memory PyTorch owns: autograd keeps them for the
    // backward pass, after the mixer's temporary manager (and the Java buffers a CPU tensor made
    // from a Java array aliases) are gone. Before the fix, a GC and fresh allocations between
    // forward and backward gave wrong gradients or an out-of-bounds index.
    int n = 64;
    int d = 8;
    MixPlan plan =
        Mixup.builder()
            .setNumClasses(K)
            .optMode(MixMode.ELEM)
            .optProbability(0.7)
            .optSeed(5)
            .build()
            .plan(0, n, 1, d);
    float[] h0 = random(n * d, 9);
    float[] r = random(n * d, 10);
    float[] expected = new float[n * d];
    for (int i = 0; i < n; i++) {
      boolean mixed = plan.kind(i) == MixKind.MIXUP;
      float l = mixed ? (float) plan.lambda(i) : 1f;
      int p = plan.partner(i);
      for (int j = 0; j < d; j++) {
        expected[i * d + j] += l * r[i * d + j];
        if (mixed) {
          expected[p * d + j] += (1f - l) * r[i * d + j];
        }
      }
    }
    for (int attempt = 0; attempt < 5; attempt++) {
      try (NDManager m = manager.newSubManager()) {
        NDArray h = m.create(h0, new Shape(n, d));
        h.setRequiresGradient(true);
        NDArray weights = m.create(r, new Shape(n, d));
        try (ai.djl.training.GradientCollector gc =
            ai.djl.engine.Engine.getInstance().newGradientCollector()) {
          NDArray out = NdMixer.builder().build().mixFeatures(h, plan);
          for (int k = 0; k < 3; k++) {
            System.gc();
            Thread.sleep(20);
          }
          for (int k = 0; k < 200; k++) { // reuse what was freed, with other values
            float[] junk = new float[n];
            java.util.Arrays.fill(junk, 1e6f + k);
            long[] junkIdx = new long[n];
            java.util.Arrays.fill(junkIdx, 1L << 40);
            m.create(junk, new Shape(n, 1)).close();
            m.create(junkIdx).close();
          }
          gc.backward(out.mul(weights).sum());
        }
        assertArrayEquals(expected, h.getGradient().toFloatArray(), 1e-5f, "attempt " + attempt);
      }
    }
  }
}
