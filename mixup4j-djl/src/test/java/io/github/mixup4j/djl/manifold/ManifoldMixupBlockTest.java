package io.github.mixup4j.djl.manifold;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.github.mixup4j.MixMode;
import io.github.mixup4j.MixPlan;
import io.github.mixup4j.Mixup;
import io.github.mixup4j.djl.NdMixer;
import io.github.mixup4j.djl.loss.SoftTargetCrossEntropyLoss;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ManifoldMixupBlockTest {
  private static final int N = 6;
  private static final int D = 5;
  private static final int K = 3;

  private static Mixup perSample(long seed) {
    return Mixup.builder().setNumClasses(K).optMode(MixMode.ELEM).optSeed(seed).build();
  }

  private static NDArray input(NDManager m, long seed) {
    Random r = new Random(seed);
    float[] x = new float[N * D];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return m.create(x, new Shape(N, D));
  }

  @Test
  void layerZero_equalsInputMixup() {
    try (NDManager m = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(1);
      SequentialBlock mlp =
          new SequentialBlock()
              .add(Linear.builder().setUnits(8).build())
              .add(Activation.reluBlock())
              .add(Linear.builder().setUnits(K).build());
      ManifoldMixupBlock net = ManifoldMixupBlock.builder().setBlock(mlp).setLayers(0).build();
      net.initialize(m, DataType.FLOAT32, new Shape(N, D));
      ParameterStore ps = new ParameterStore(m, false);
      NDArray x = input(m, 2);
      MixPlan plan = perSample(3).plan(0, N, 1, D);
      assertEquals(0, net.chooseLayer(17));
      net.mixNext(plan, 0);
      float[] manifold = net.forward(ps, new NDList(x), true).head().toFloatArray();
      assertFalse(net.isMixArmed(), "a mix is used once");
      NDArray mixedInput = NdMixer.builder().build().mix(x, plan);
      float[] input = net.forward(ps, new NDList(mixedInput), true).head().toFloatArray();
      assertArrayEquals(input, manifold, 1e-6f);
    }
  }

  @Test
  void hiddenLayer_activationIsLambdaMix_andGradientsFlow() {
    try (NDManager m = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(1);
      List<float[]> seen = new ArrayList<>();
      SequentialBlock mlp =
          new SequentialBlock()
              .add(Linear.builder().setUnits(4).build())
              .add(
                  new LambdaBlock(
                      list -> {
                        seen.add(list.head().toFloatArray());
                        return list;
                      }))
              .add(Activation.reluBlock())
              .add(Linear.builder().setUnits(K).build());
      ManifoldMixupBlock net = ManifoldMixupBlock.builder().setBlock(mlp).setLayers(1).build();
      net.initialize(m, DataType.FLOAT32, new Shape(N, D));
      for (Pair<String, Parameter> p : net.getParameters()) {
        p.getValue().getArray().setRequiresGradient(true);
      }
      ParameterStore ps = new ParameterStore(m, false);
      NDArray x = input(m, 4);
      MixPlan plan = perSample(5).plan(0, N, 1, 4);

      seen.clear(); // initialize ran the lambda on dummy inputs
      net.forward(ps, new NDList(x), true); // unmixed: h = Linear(x)
      float[] h = seen.get(0);
      net.mixNext(plan, 1);
      NDArray y = m.create(new int[] {0, 1, 2, 0, 1, 2});
      NDArray targets = NdMixer.builder().build().softTargets(y, plan);
      SoftTargetCrossEntropyLoss loss = new SoftTargetCrossEntropyLoss();
      float before;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDList out = net.forward(ps, new NDList(x), true);
        NDArray l = loss.evaluate(new NDList(targets), out);
        before = l.getFloat();
        gc.backward(l);
      }
      float[] mixed = seen.get(1);
      for (int i = 0; i < N; i++) {
        int p = plan.partner(i);
        float lam = (float) plan.lambda(i);
        for (int j = 0; j < 4; j++) {
          float expected = lam * h[i * 4 + j] + (1 - lam) * h[p * 4 + j];
          assertEquals(expected, mixed[i * 4 + j], 1e-6f, "sample " + i + " unit " + j);
        }
      }
      assertTrue(plan.lambdas()[0] < 1f, "the plan mixes");
      // Gradients reach the first layer through the mix; one SGD step lowers the mixed loss.
      Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.5f)).build();
      for (Pair<String, Parameter> p : net.getParameters()) {
        NDArray w = p.getValue().getArray();
        NDArray g = w.getGradient();
        assertTrue(g.abs().sum().getFloat() > 0, "gradient of " + p.getKey());
        sgd.update(p.getValue().getId(), w, g);
      }
      net.mixNext(plan, 1);
      float after =
          loss.evaluate(new NDList(targets), net.forward(ps, new NDList(x), true)).getFloat();
      assertTrue(after < before, before + " -> " + after);
    }
  }

  @Test
  void builder_badLayers_areNamed() {
    SequentialBlock mlp = new SequentialBlock().add(Linear.builder().setUnits(2).build());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ManifoldMixupBlock.builder().setBlock(mlp).setLayers(0, 3).build());
    assertTrue(e.getMessage().contains("layer 3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ManifoldMixupBlock.builder().setLayers());
    ManifoldMixupBlock net = ManifoldMixupBlock.builder().setBlock(mlp).setLayers(0).build();
    MixPlan plan = perSample(1).plan(0, N, 1, 1);
    assertThrows(IllegalArgumentException.class, () -> net.mixNext(plan, 1));
  }

  @Test
  void chooseLayer_isDeterministicAndCoversTheSet() {
    SequentialBlock mlp = new SequentialBlock();
    for (int i = 0; i < 5; i++) {
      mlp.add(Activation.reluBlock());
    }
    ManifoldMixupBlock net =
        ManifoldMixupBlock.builder().setBlock(mlp).setLayers(4, 0, 2).optSeed(9).build();
    assertArrayEquals(new int[] {0, 2, 4}, net.getLayers());
    int[] counts = new int[5];
    for (long s = 0; s < 300; s++) {
      int k = net.chooseLayer(s);
      assertEquals(k, net.chooseLayer(s));
      counts[k]++;
    }
    assertTrue(
        counts[0] > 60 && counts[2] > 60 && counts[4] > 60, java.util.Arrays.toString(counts));
    assertEquals(0, counts[1] + counts[3]);
  }

  /** The first layer's weight gradient of one forward and backward pass, mixed by the plan. */
  private static float[] firstLayerGradient(MixPlan plan, int layer) {
    try (NDManager m = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(1);
      SequentialBlock mlp =
          new SequentialBlock()
              .add(Linear.builder().setUnits(4).build())
              .add(Activation.reluBlock())
              .add(Linear.builder().setUnits(K).build());
      ManifoldMixupBlock net = ManifoldMixupBlock.builder().setBlock(mlp).setLayers(layer).build();
      net.initialize(m, DataType.FLOAT32, new Shape(N, D));
      NDArray w0 = null;
      for (Pair<String, Parameter> p : net.getParameters()) {
        p.getValue().getArray().setRequiresGradient(true);
        if (w0 == null) {
          w0 = p.getValue().getArray();
        }
      }
      ParameterStore ps = new ParameterStore(m, false);
      NDArray x = input(m, 4);
      NDArray y = m.create(new int[] {0, 1, 2, 0, 1, 2});
      SoftTargetCrossEntropyLoss loss = new SoftTargetCrossEntropyLoss();
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        if (plan != null) {
          net.mixNext(plan, layer);
        }
        NDList out = net.forward(ps, new NDList(x), true);
        gc.backward(loss.evaluate(new NDList(y), out));
      }
      return w0.getGradient().toFloatArray();
    }
  }

  @Test
  void identityPlan_keepsTheGradientOfLayersBeforeTheMix() {
    // A plan that mixes nothing (mix probability < 1, a batch of one, every pair "no mix") must
    // leave training exactly as without mixing: before the fix the block returned a detached
    // copy and every layer before the mixing layer got a zero gradient on such steps.
    float[] plain = firstLayerGradient(null, 2);
    assertTrue(plain[0] != 0 || plain[1] != 0, "the unmixed pass has a gradient");
    float[] identity = firstLayerGradient(MixPlan.identity(N, 1, 1, K, 0), 2);
    assertArrayEquals(plain, identity, 0f);
    Mixup never = Mixup.builder().setNumClasses(K).optProbability(0).optSeed(1).build();
    assertArrayEquals(plain, firstLayerGradient(never.plan(0, N, 1, 1), 2), 0f);
  }
}
