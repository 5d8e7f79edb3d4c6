package io.github.mixup4j.train.optimizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Trains a tiny MLP through DJL's Trainer; a saved-and-loaded run must equal an unbroken one. */
class ResumeTest {
  static final Shape INPUT = new Shape(6, 5);

  static Block newBlock() {
    return new SequentialBlock()
        .add(Linear.builder().setUnits(8).build())
        .add(Activation.reluBlock())
        .add(Linear.builder().setUnits(3).build());
  }

  static Stream<Arguments> optimizers() {
    Supplier<StatefulOptimizer> sgd =
        () ->
            Sgd.builder()
                .setLearningRateTracker(LrSchedules.warmupCosine(0.2f, 2, 8, 0.01f))
                .optMomentum(0.9f)
                .optNesterov(true)
                .optWeightDecays(1e-3f)
                .build();
    Supplier<StatefulOptimizer> adam =
        () ->
            Adam.builder()
                .setLearningRateTracker(LrSchedules.stepDecay(0.05f, 3, 0.5f))
                .optWeightDecays(1e-2f)
                .build();
    return Stream.of(Arguments.of("sgd", sgd), Arguments.of("adam", adam));
  }

  /** Data: fixed inputs and a batch of class indices per step. */
  static NDList[] batch(NDManager m, int step) {
    Random r = new Random(100 + step);
    float[] x = new float[6 * 5];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    float[] y = new float[6];
    for (int i = 0; i < 6; i++) {
      y[i] = r.nextInt(3);
    }
    return new NDList[] {new NDList(m.create(x, INPUT)), new NDList(m.create(y))};
  }

  static void train(Trainer trainer, int fromStep, int toStep) {
    for (int s = fromStep; s < toStep; s++) {
      try (NDManager m = trainer.getManager().newSubManager()) {
        NDList[] b = batch(m, s);
        try (GradientCollector gc = trainer.newGradientCollector()) {
          NDList pred = trainer.forward(b[0]);
          NDArray loss = trainer.getLoss().evaluate(b[1], pred);
          gc.backward(loss);
        }
        trainer.step();
      }
    }
  }

  static Trainer trainer(Model model, StatefulOptimizer opt) {
    Trainer t =
        model.newTrainer(
            new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(opt));
    t.initialize(INPUT);
    return t;
  }

  /**
   * Resumes the way DJL needs it: initialise the block, load the parameters, then make the trainer
   * and initialise it (which keeps initialised parameters and marks them as needing gradients).
   * Loading after {@code Trainer.initialize} would not work: the trainer's ParameterStore keeps the
   * arrays it saw, and {@code Block.loadParameters} replaces them with new ones, so the trainer
   * would go on training the old arrays. Without {@code Trainer.initialize} the loaded arrays do
   * not require gradients and backward fails.
   */
  static Trainer trainer(Model model, StatefulOptimizer opt, byte[] parameters) throws Exception {
    Block block = model.getBlock();
    block.initialize(model.getNDManager(), DataType.FLOAT32, INPUT);
    block.loadParameters(
        model.getNDManager(), new DataInputStream(new ByteArrayInputStream(parameters)));
    Trainer t =
        model.newTrainer(
            new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(opt));
    t.initialize(INPUT);
    return t;
  }

  static byte[] params(Block block) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    block.saveParameters(new DataOutputStream(bytes));
    return bytes.toByteArray();
  }

  static List<float[]> values(Block block) {
    List<float[]> out = new ArrayList<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      out.add(p.getValue().getArray().toFloatArray());
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void saveAndLoad_midRun_continuesBitIdentical(String name, Supplier<StatefulOptimizer> make)
      throws Exception {
    byte[] initial;
    List<float[]> unbroken;
    try (Model a = Model.newInstance("a")) {
      a.setBlock(newBlock());
      StatefulOptimizer opt = make.get();
      try (Trainer t = trainer(a, opt)) {
        initial = params(a.getBlock());
        train(t, 0, 7);
        unbroken = values(a.getBlock());
      }
    }
    byte[] midParams;
    byte[] midState;
    List<float[]> mid;
    try (Model b = Model.newInstance("b")) {
      b.setBlock(newBlock());
      StatefulOptimizer opt = make.get();
      try (Trainer t = trainer(b, opt, initial)) {
        train(t, 0, 3);
        mid = values(b.getBlock());
        midParams = params(b.getBlock());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        opt.saveState(new DataOutputStream(bytes), b.getBlock());
        midState = bytes.toByteArray();
      }
    }
    List<float[]> resumed;
    try (Model c = Model.newInstance("c")) {
      c.setBlock(newBlock());
      StatefulOptimizer opt = make.get();
      try (Trainer t = trainer(c, opt, midParams)) {
        opt.loadState(
            new DataInputStream(new ByteArrayInputStream(midState)),
            c.getBlock(),
            c.getNDManager());
        train(t, 3, 7);
        resumed = values(c.getBlock());
      }
    }
    assertNotEquals(
        java.util.Arrays.toString(mid.get(0)), java.util.Arrays.toString(unbroken.get(0)));
    for (int i = 0; i < unbroken.size(); i++) {
      assertArrayEquals(unbroken.get(i), resumed.get(i), name + " parameter " + i);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void resumeWithoutState_differs(String name, Supplier<StatefulOptimizer> make) throws Exception {
    // the test above can fail: continuing with a fresh optimizer gives other parameters
    byte[] initial;
    List<float[]> unbroken;
    try (Model a = Model.newInstance("a")) {
      a.setBlock(newBlock());
      try (Trainer t = trainer(a, make.get())) {
        initial = params(a.getBlock());
        train(t, 0, 7);
        unbroken = values(a.getBlock());
      }
    }
    try (Model b = Model.newInstance("b")) {
      b.setBlock(newBlock());
      try (Trainer t = trainer(b, make.get(), initial)) {
        train(t, 0, 3);
      }
      try (Trainer t = trainer(b, make.get())) {
        train(t, 3, 7);
      }
      assertNotEquals(
          java.util.Arrays.toString(unbroken.get(0)),
          java.util.Arrays.toString(values(b.getBlock()).get(0)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void step_clearsGradients_soTheyDoNotAccumulate(String name, Supplier<StatefulOptimizer> make) {
    try (Model a = Model.newInstance("a")) {
      a.setBlock(newBlock());
      try (Trainer t = trainer(a, make.get())) {
        train(t, 0, 2);
        for (Pair<String, Parameter> p : a.getBlock().getParameters()) {
          try (NDArray g = p.getValue().getArray().getGradient()) {
            for (float v : g.toFloatArray()) {
              assertTrue(v == 0f, name + " " + p.getKey() + " gradient not cleared: " + v);
            }
          }
        }
      }
    }
  }

  @Test
  void loadState_wrongKindOrUnknownParameter_isNamed() throws Exception {
    try (Model a = Model.newInstance("a")) {
      a.setBlock(newBlock());
      Sgd sgd =
          Sgd.builder()
              .setLearningRateTracker(LrSchedules.constant(0.1f))
              .optMomentum(0.9f)
              .build();
      try (Trainer t = trainer(a, sgd)) {
        train(t, 0, 1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        sgd.saveState(new DataOutputStream(bytes), a.getBlock());
        Adam adam = Adam.builder().setLearningRateTracker(LrSchedules.constant(0.1f)).build();
        IOException kind =
            assertThrows(
                IOException.class,
                () ->
                    adam.loadState(
                        new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())),
                        a.getBlock(),
                        a.getNDManager()));
        assertTrue(kind.getMessage().contains("'sgd'"), kind.getMessage());
        Block other = new SequentialBlock().add(Linear.builder().setUnits(3).build());
        IOException unknown =
            assertThrows(
                IOException.class,
                () ->
                    sgd.loadState(
                        new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())),
                        other,
                        a.getNDManager()));
        assertTrue(unknown.getMessage().contains("does not have"), unknown.getMessage());
        IOException garbage =
            assertThrows(
                IOException.class,
                () ->
                    sgd.loadState(
                        new DataInputStream(new ByteArrayInputStream(new byte[] {1, 2, 3, 4})),
                        a.getBlock(),
                        a.getNDManager()));
        assertTrue(garbage.getMessage().contains("magic"), garbage.getMessage());
      }
    }
  }
}
