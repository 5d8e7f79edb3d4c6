package io.github.mixup4j.train.model;

import ai.djl.basicmodelzoo.cv.classification.ResNetV1;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * Model presets for small image-classification experiments, as DJL {@link Block}s that output
 * logits of shape {@code (N, numClasses)}.
 *
 * <p>{@link #create(String, Shape, int)} builds a preset by name (for a CLI {@code --model}
 * option); {@link #names()} lists the names.
 */
public final class Models {
  /** Preset name of {@link #mlp(int, int, int...)} with hidden layers 256 and 128. */
  public static final String MLP = "mlp";

  /** Preset name of {@link #smallCnn(int, int)}. */
  public static final String SMALL_CNN = "small-cnn";

  /** Preset name of {@link #resnet20(int)}. */
  public static final String RESNET20 = "resnet20";

  private static final List<String> NAMES = List.of(MLP, SMALL_CNN, RESNET20);

  private Models() {}

  /**
   * The preset names accepted by {@link #create}.
   *
   * @return {@code ["mlp", "small-cnn", "resnet20"]}
   */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * Builds a preset by name.
   *
   * @param name one of {@link #names()}
   * @param inputShape the shape of one image, {@code (C, H, W)}
   * @param numClasses number of classes, {@code >= 1}
   * @return a new, uninitialised block
   * @throws IllegalArgumentException if the name is unknown (the message lists the valid ones), the
   *     shape is not {@code (C, H, W)} with positive sizes, or {@code numClasses < 1}
   */
  public static Block create(String name, Shape inputShape, int numClasses) {
    if (inputShape == null
        || inputShape.dimension() != 3
        || inputShape.get(0) < 1
        || inputShape.get(1) < 1
        || inputShape.get(2) < 1) {
      throw new IllegalArgumentException(
          "inputShape must be (C, H, W) with positive sizes, got " + inputShape);
    }
    switch (name == null ? "" : name) {
      case MLP:
        return mlp(Math.toIntExact(inputShape.size()), numClasses, 256, 128);
      case SMALL_CNN:
        return smallCnn(Math.toIntExact(inputShape.get(0)), numClasses);
      case RESNET20:
        if (inputShape.get(1) < 8 || inputShape.get(2) < 8) {
          throw new IllegalArgumentException(
              "resnet20 needs images of at least 8×8, got " + inputShape);
        }
        return resnet20(numClasses);
      default:
        throw new IllegalArgumentException(
            "unknown model '" + name + "' (expected one of " + String.join(", ", NAMES) + ")");
    }
  }

  /**
   * A multi-layer perceptron: flatten, then {@code Linear + ReLU} for each hidden size, then a
   * linear classifier.
   *
   * @param inputSize values per sample after flattening ({@code C·H·W}), {@code >= 1}
   * @param numClasses number of classes, {@code >= 1}
   * @param hidden hidden layer sizes, each {@code >= 1}; none gives a linear classifier
   * @return a new, uninitialised block
   * @throws IllegalArgumentException if a size is not positive
   */
  public static Block mlp(int inputSize, int numClasses, int... hidden) {
    if (inputSize < 1) {
      throw new IllegalArgumentException("inputSize must be >= 1, got " + inputSize);
    }
    checkClasses(numClasses);
    SequentialBlock net = new SequentialBlock().add(Blocks.batchFlattenBlock(inputSize));
    for (int i = 0; i < hidden.length; i++) {
      if (hidden[i] < 1) {
        throw new IllegalArgumentException("hidden[" + i + "] must be >= 1, got " + hidden[i]);
      }
      net.add(Linear.builder().setUnits(hidden[i]).build()).add(Activation.reluBlock());
    }
    return net.add(Linear.builder().setUnits(numClasses).build());
  }

  /**
   * A small CNN: two blocks of {@code Conv 3×3 (padding 1) → BatchNorm → ReLU → MaxPool 2×2} with
   * 32 and 64 filters, then flatten, {@code Linear(128) → ReLU → Linear(numClasses)}.
   *
   * <p>Works on any image of at least 4×4; 545 482 parameters on 3×32×32 with 10 classes and 422
   * 026 on 1×28×28 (BatchNorm running statistics included).
   *
   * @param channels input channels C, {@code >= 1} (checked for the caller's benefit; the first
   *     convolution infers it at initialisation)
   * @param numClasses number of classes, {@code >= 1}
   * @return a new, uninitialised block
   * @throws IllegalArgumentException if a size is not positive
   */
  public static Block smallCnn(int channels, int numClasses) {
    if (channels < 1) {
      throw new IllegalArgumentException("channels must be >= 1, got " + channels);
    }
    checkClasses(numClasses);
    SequentialBlock net = new SequentialBlock();
    for (int filters : new int[] {32, 64}) {
      net.add(
              Conv2d.builder()
                  .setKernelShape(new Shape(3, 3))
                  .optPadding(new Shape(1, 1))
                  .setFilters(filters)
                  .build())
          .add(BatchNorm.builder().build())
          .add(Activation.reluBlock())
          .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
    }
    return net.add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(128).build())
        .add(Activation.reluBlock())
        .add(Linear.builder().setUnits(numClasses).build());
  }

  /**
   * ResNet-20 for small images (He et al. 2016, arXiv:1512.03385, section 4.2): a 3×3 stem with 16
   * filters, three stages of three basic residual units with 16, 32 and 64 filters (strides 1, 2,
   * 2), global average pooling and a linear classifier; about 0.27 M parameters. Built with DJL's
   * {@link ResNetV1}.
   *
   * <p>{@code ResNetV1} picks the CIFAR-style layout only when the image height it is told is at
   * most 28 (for 32 it asks for an ImageNet depth such as 18 and rejects 20), while its stem is
   * CIFAR-style up to 32. The network itself is fully convolutional up to the global pooling, so
   * this method passes height 28 and the block works on {@code 1×28×28} and {@code 3×32×32} alike.
   * Unlike the paper, DJL's stem has no BatchNorm/ReLU after the first convolution.
   *
   * @param numClasses number of classes, {@code >= 1}
   * @return a new, uninitialised block
   * @throws IllegalArgumentException if {@code numClasses < 1}
   */
  public static Block resnet20(int numClasses) {
    checkClasses(numClasses);
    return ResNetV1.builder()
        .setImageShape(new Shape(3, 28, 28))
        .setNumLayers(20)
        .setOutSize(numClasses)
        .build();
  }

  private static void checkClasses(int numClasses) {
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
    }
  }
}
