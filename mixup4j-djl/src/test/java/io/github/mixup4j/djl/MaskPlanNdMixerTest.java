package io.github.mixup4j.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.mixup4j.FMix;
import io.github.mixup4j.GridMix;
import io.github.mixup4j.Layout;
import io.github.mixup4j.MaskPlanner;
import io.github.mixup4j.MixKind;
import io.github.mixup4j.MixPlan;
import io.github.mixup4j.Pairing;
import io.github.mixup4j.SmoothMix;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * FMix, GridMix and SmoothMix plans through {@link NdMixer}: the op path (any device) and the
 * buffer path give the images {@link MixPlan#apply} gives on float arrays, bit for bit, in both
 * layouts, out of place and in place; uint8 batches are blended in float32 and rounded half to
 * even.
 */
class MaskPlanNdMixerTest {
  private static final int N = 7;
  private static final int C = 3;
  private static final int H = 5;
  private static final int W = 6;

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
    for (boolean perSample : new boolean[] {false, true}) {
      for (Pairing pairing : new Pairing[] {Pairing.DERANGEMENT, Pairing.PERMUTATION}) {
        String tag = (perSample ? "per sample " : "per batch ") + pairing;
        out.add(
            Arguments.of(
                "FMix " + tag,
                FMix.builder()
                    .setNumClasses(4)
                    .optPerSample(perSample)
                    .optPairing(pairing)
                    .optSeed(1)
                    .build()));
        out.add(
            Arguments.of(
                "GridMix " + tag,
                GridMix.builder()
                    .setNumClasses(4)
                    .optCellProbability(0.5)
                    .optPerSample(perSample)
                    .optPairing(pairing)
                    .optSeed(2)
                    .build()));
        for (SmoothMix.Shape shape : SmoothMix.Shape.values()) {
          out.add(
              Arguments.of(
                  "SmoothMix " + shape + " " + tag,
                  SmoothMix.builder()
                      .setNumClasses(4)
                      .optShape(shape)
                      .optPerSample(perSample)
                      .optPairing(pairing)
                      .optProbability(0.8)
                      .optSeed(3)
                      .build()));
        }
      }
    }
    return out.stream();
  }

  /** Plans until one mixes, so no case passes by leaving the batch alone. */
  private static MixPlan mixingPlan(MaskPlanner planner, long from) {
    for (long step = from; step < from + 100; step++) {
      MixPlan p = planner.plan(step, N, H, W);
      if (!p.isIdentity()) {
        for (int i = 0; i < N; i++) {
          assertTrue(p.kind(i) == MixKind.MASK || p.kind(i) == MixKind.NONE);
        }
        return p;
      }
    }
    throw new AssertionError("no mixing plan");
  }

  private static Shape shape(Layout layout) {
    return layout == Layout.NCHW ? new Shape(N, C, H, W) : new Shape(N, H, W, C);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("planners")
  void float32_opPathAndBufferPath_equalTheArrayKernels(String name, MaskPlanner planner) {
    for (long from : new long[] {0, 40}) {
      MixPlan plan = mixingPlan(planner, from);
      for (boolean specials : new boolean[] {false, true}) {
        float[] src = TestArrays.gaussians(from + 5, N * C * H * W, specials);
        for (Layout layout : Layout.values()) {
          float[] expected = new float[src.length];
          plan.apply(src, expected, C, layout);
          for (NdMixer.Path path : new NdMixer.Path[] {NdMixer.Path.OPS, NdMixer.Path.BUFFER}) {
            NdMixer mixer = NdMixer.builder().optLayout(layout).optPath(path).build();
            String what = name + " " + layout + " " + path + (specials ? " Inf/NaN" : "");
            try (NDManager m = manager.newSubManager()) {
              NDArray x = m.create(src, shape(layout));
              NDArray out = mixer.mix(x, plan);
              assertEquals(DataType.FLOAT32, out.getDataType());
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
  @MethodSource("planners")
  void uint8_opPath_blendsInFloatAndRoundsHalfToEven(String name, MaskPlanner planner) {
    MixPlan plan = mixingPlan(planner, 7);
    Random r = new Random(9);
    int[] pixels = new int[N * C * H * W];
    float[] asFloat = new float[pixels.length];
    for (int k = 0; k < pixels.length; k++) {
      pixels[k] = r.nextInt(256);
      asFloat[k] = pixels[k];
    }
    for (Layout layout : Layout.values()) {
      float[] blended = new float[asFloat.length];
      plan.apply(asFloat, blended, C, layout);
      int[] expected = new int[blended.length];
      for (int k = 0; k < blended.length; k++) {
        expected[k] = (int) Math.rint(blended[k]);
      }
      for (NdMixer.Path path : NdMixer.Path.values()) {
        NdMixer mixer = NdMixer.builder().optLayout(layout).optPath(path).build();
        try (NDManager m = manager.newSubManager()) {
          NDArray x = m.create(pixels, shape(layout)).toType(DataType.UINT8, false);
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
}
