package io.github.mixup4j.train.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelsTest {

  /** Initialises the block for (2, C, H, W), runs a forward pass, returns the parameter count. */
  static long initAndCheckOutput(Block block, Shape image, int numClasses, boolean training) {
    try (NDManager m = NDManager.newBaseManager()) {
      Shape input = new Shape(2, image.get(0), image.get(1), image.get(2));
      block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
      block.initialize(m, DataType.FLOAT32, input);
      NDArray x = m.randomUniform(0, 1, input);
      NDList out = block.forward(new ParameterStore(m, false), new NDList(x), training);
      assertEquals(new Shape(2, numClasses), out.singletonOrThrow().getShape());
      assertEquals(new Shape(2, numClasses), block.getOutputShapes(new Shape[] {input})[0]);
      long count = 0;
      for (Pair<String, Parameter> p : block.getParameters()) {
        count += p.getValue().getArray().size();
      }
      return count;
    }
  }

  /** Hand count: conv k×k (+bias), BatchNorm gamma/beta/running mean/var, linear (+bias). */
  static long conv(long in, long out) {
    return in * 9 * out + out;
  }

  static long bn(long c) {
    return 4 * c;
  }

  static long linear(long in, long out) {
    return in * out + out;
  }

  @ParameterizedTest
  @CsvSource({"1, 28, 28, 10", "3, 32, 32, 10", "3, 32, 32, 100"})
  void smallCnn_parameterCountAndOutputShape(int c, int h, int w, int k) {
    long expected =
        conv(c, 32)
            + bn(32)
            + conv(32, 64)
            + bn(64)
            + linear(64L * (h / 4) * (w / 4), 128)
            + linear(128, k);
    long count = initAndCheckOutput(Models.smallCnn(c, k), new Shape(c, h, w), k, true);
    assertEquals(expected, count);
    assertTrue(count < 1_000_000, "small CNN has " + count + " parameters");
  }

  @Test
  void mlp_parameterCountAndOutputShape() {
    long count = initAndCheckOutput(Models.mlp(784, 10, 64, 32), new Shape(1, 28, 28), 10, true);
    assertEquals(linear(784, 64) + linear(64, 32) + linear(32, 10), count);
  }

  @ParameterizedTest
  @CsvSource({"1, 28, 28, 10", "3, 32, 32, 10"})
  void resnet20_worksOnMnistAndCifarShapes(int c, int h, int w, int k) {
    long count = initAndCheckOutput(Models.resnet20(k), new Shape(c, h, w), k, true);
    // He et al. 2016 report 0.27 M for ResNet-20; DJL adds a 1×1 projection on each stage's
    // first unit and counts BatchNorm running statistics
    assertTrue(count > 250_000 && count < 300_000, "resnet20 has " + count + " parameters");
    // hand count: stem conv (no bias); per stage, first unit = two 3×3 convs + 1×1 projection,
    // each followed by BatchNorm; two more units of two 3×3 convs + BatchNorm; linear head
    long stem = c * 9L * 16;
    long total = stem + linear(64, k);
    long in = 16;
    for (long f : new long[] {16, 32, 64}) {
      total += in * 9 * f + bn(f) + f * 9 * f + bn(f) + in * f + bn(f);
      total += 2 * (2 * (f * 9 * f + bn(f)));
      in = f;
    }
    assertEquals(total, count);
  }

  @Test
  void create_byName_buildsEachPreset() {
    for (String name : Models.names()) {
      Block b = Models.create(name, new Shape(1, 28, 28), 10);
      initAndCheckOutput(b, new Shape(1, 28, 28), 10, false);
    }
  }

  @Test
  void create_unknownName_listsValidNames() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Models.create("vgg", new Shape(3, 32, 32), 10));
    assertTrue(e.getMessage().contains("vgg"), e.getMessage());
    for (String n : Models.names()) {
      assertTrue(e.getMessage().contains(n), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Models.create("mlp", new Shape(28, 28), 10));
    assertThrows(
        IllegalArgumentException.class, () -> Models.create("mlp", new Shape(1, 28, 28), 0));
  }
}
