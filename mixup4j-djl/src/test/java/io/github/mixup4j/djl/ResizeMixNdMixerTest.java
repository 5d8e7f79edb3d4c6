package io.github.mixup4j.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.mixup4j.Layout;
import io.github.mixup4j.MixKind;
import io.github.mixup4j.MixPlan;
import io.github.mixup4j.Pairing;
import io.github.mixup4j.ResizeMix;
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

/**
 * ResizeMix plans through {@link NdMixer}: the op path (a gather on any device) and the buffer path
 * give the images {@link MixPlan#apply} gives on float arrays, bit for bit (Inf and NaN included),
 * in both layouts and for rank-3 batches, out of place and in place; uint8 pixels are copied
 * exactly.
 */
class ResizeMixNdMixerTest {
  private static final int N = 7;
  private static final int C = 3;

  private static NDManager manager;

  @BeforeAll
  static void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    int[][] sizes = {{5, 6}, {7, 5}, {13, 31}, {1, 9}};
    for (int[] hw : sizes) {
      for (boolean perSample : new boolean[] {false, true}) {
        for (Pairing pairing : new Pairing[] {Pairing.DERANGEMENT, Pairing.PERMUTATION}) {
          ResizeMix planner =
              ResizeMix.builder()
                  .setNumClasses(4)
                  .optScale(0.1, 0.9)
                  .optPerSample(perSample)
                  .optPairing(pairing)
                  .optProbability(0.9)
                  .optSeed(hw[0] * 31L + hw[1])
                  .build();
          String tag = hw[0] + "x" + hw[1] + (perSample ? " per sample " : " per batch ") + pairing;
          out.add(Arguments.of(tag, planner, hw[0], hw[1]));
        }
      }
    }
    return out.stream();
  }

  /** Plans until one mixes, so no case passes by leaving the batch alone. */
  private static MixPlan mixingPlan(ResizeMix planner, long from, int h, int w) {
    for (long step = from; step < from + 100; step++) {
      MixPlan p = planner.plan(step, N, h, w);
      if (!p.isIdentity()) {
        for (int i = 0; i < N; i++) {
          assertTrue(p.kind(i) == MixKind.RESIZE || p.kind(i) == MixKind.NONE);
        }
        return p;
      }
    }
    throw new AssertionError("no mixing plan");
  }

  private static Shape shape(Layout layout, int h, int w) {
    return layout == Layout.NCHW ? new Shape(N, C, h, w) : new Shape(N, h, w, C);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void float32_opPathAndBufferPath_equalTheArrayKernels(
      String name, ResizeMix planner, int h, int w) {
    for (long from : new long[] {0, 40}) {
      MixPlan plan = mixingPlan(planner, from, h, w);
      for (boolean specials : new boolean[] {false, true}) {
        float[] src = TestArrays.gaussians(from + 5, N * C * h * w, specials);
        for (Layout layout : Layout.values()) {
          float[] expected = new float[src.length];
          plan.apply(src, expected, C, layout);
          for (NdMixer.Path path : new NdMixer.Path[] {NdMixer.Path.OPS, NdMixer.Path.BUFFER}) {
            NdMixer mixer = NdMixer.builder().optLayout(layout).optPath(path).build();
            String what = name + " " + layout + " " + path + (specials ? " Inf/NaN" : "");
            try (NDManager m = manager.newSubManager()) {
              NDArray x = m.create(src, shape(layout, h, w));
              NDArray out = mixer.mix(x, plan);
              assertEquals(DataType.FLOAT32, out.getDataType());
              assertEquals(x.getShape(), out.getShape());
              TestArrays.assertSameBits(src, x.toFloatArray(), what + ": input unchanged");
              TestArrays.assertSameBits(expected, out.toFloatArray(), what);
              NDArray same = mixer.mixInPlace(x, plan);
              assertSame(x, same);
              TestArrays.assertSameBits(expected, x.toFloatArray(), what + " in place");
            }
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rank3_opPath_equalsOneChannelImages(String name, ResizeMix planner, int h, int w) {
    MixPlan plan = mixingPlan(planner, 3, h, w);
    float[] src = TestArrays.gaussians(11, N * h * w, true);
    float[] expected = new float[src.length];
    plan.apply(src, expected, 1);
    NdMixer mixer = NdMixer.builder().optPath(NdMixer.Path.OPS).build();
    try (NDManager m = manager.newSubManager()) {
      NDArray x = m.create(src, new Shape(N, h, w));
      TestArrays.assertSameBits(expected, mixer.mix(x, plan).toFloatArray(), name);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void uint8_isCopiedExactly(String name, ResizeMix planner, int h, int w) {
    MixPlan plan = mixingPlan(planner, 7, h, w);
    Random r = new Random(9);
    int[] pixels = new int[N * C * h * w];
    float[] asFloat = new float[pixels.length];
    for (int k = 0; k < pixels.length; k++) {
      pixels[k] = r.nextInt(256);
      asFloat[k] = pixels[k];
    }
    for (Layout layout : Layout.values()) {
      float[] copied = new float[asFloat.length];
      plan.apply(asFloat, copied, C, layout);
      int[] expected = new int[copied.length];
      for (int k = 0; k < copied.length; k++) {
        expected[k] = (int) copied[k];
      }
      for (NdMixer.Path path : NdMixer.Path.values()) {
        NdMixer mixer = NdMixer.builder().optLayout(layout).optPath(path).build();
        try (NDManager m = manager.newSubManager()) {
          NDArray x = m.create(pixels, shape(layout, h, w)).toType(DataType.UINT8, false);
          NDArray out = mixer.mix(x, plan);
          assertEquals(DataType.UINT8, out.getDataType());
          int[] got = out.toType(DataType.INT32, false).toIntArray();
          assertArrayEquals(expected, got, name + " " + layout + " " + path);
          mixer.mixInPlace(x, plan);
          assertArrayEquals(
              expected, x.toType(DataType.INT32, false).toIntArray(), "in place " + path);
        }
      }
    }
  }

  @Test
  void mixFeatures_refusesResizePlans() {
    ResizeMix planner =
        ResizeMix.builder().setNumClasses(4).optPairing(Pairing.DERANGEMENT).build();
    MixPlan plan = planner.plan(0, 4, 1, 8);
    NdMixer mixer = NdMixer.builder().build();
    try (NDManager m = manager.newSubManager()) {
      NDArray features = m.ones(new Shape(4, 8));
      assertThrows(IllegalArgumentException.class, () -> mixer.mixFeatures(features, plan));
    }
  }
}
