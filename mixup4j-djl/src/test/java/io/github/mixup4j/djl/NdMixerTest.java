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
          float tol = path == NdMixer.Path.OPS ? 1e-6f : 0f;
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
    int[] labels = {0, 1, 2, 3, 3, 1, 0};
    float[] soft = plan.softTargets(labels);
    int[] partners = plan.partnerLabels(labels);
    for (NdMixer.Path path : NdMixer.Path.values()) {
      NdMixer mixer = NdMixer.builder().optPath(path).build();
      try (NDManager m = manager.newSubManager()) {
        NDArray asInt = m.create(labels);
        NDArray asColumn = asInt.toType(DataType.FLOAT32, false).reshape(N, 1);
        for (NDArray y : List.of(asInt, asColumn)) {
          NDArray t = mixer.softTargets(y, plan);
          assertEquals(new Shape(N, K), t.getShape());
          assertArrayEquals(soft, t.toFloatArray(), 1e-6f, path + " " + y.getShape());
          NDList two = mixer.twoLabels(y, plan);
          assertEquals(3, two.size());
          assertArrayEquals(labels, two.get(0).toType(DataType.INT32, false).toIntArray());
          assertArrayEquals(partners, two.get(1).toType(DataType.INT32, false).toIntArray());
          assertArrayEquals(plan.lambdas(), two.get(2).toFloatArray(), 0f);
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
}
