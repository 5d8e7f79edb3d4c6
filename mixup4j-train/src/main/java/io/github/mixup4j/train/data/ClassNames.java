package io.github.mixup4j.train.data;

import java.util.List;

/** Class names (synsets) of the standard datasets, index {@code k} naming class {@code k}. */
public final class ClassNames {
  private ClassNames() {}

  /** Fashion-MNIST (Xiao et al. 2017), 10 classes. */
  public static final List<String> FASHION_MNIST = BuiltinData.classNames();

  /** MNIST digits, {@code "0"} to {@code "9"}. */
  public static final List<String> MNIST =
      List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

  /** CIFAR-10 (Krizhevsky 2009), as in {@code batches.meta.txt}. */
  public static final List<String> CIFAR10 =
      List.of(
          "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

  /** CIFAR-100 coarse labels (20 superclasses), as in {@code coarse_label_names.txt}. */
  public static final List<String> CIFAR100_COARSE =
      List.of(
          "aquatic_mammals",
          "fish",
          "flowers",
          "food_containers",
          "fruit_and_vegetables",
          "household_electrical_devices",
          "household_furniture",
          "insects",
          "large_carnivores",
          "large_man-made_outdoor_things",
          "large_natural_outdoor_scenes",
          "large_omnivores_and_herbivores",
          "medium_mammals",
          "non-insect_invertebrates",
          "people",
          "reptiles",
          "small_mammals",
          "trees",
          "vehicles_1",
          "vehicles_2");

  /** CIFAR-100 fine labels (100 classes), as in {@code fine_label_names.txt}. */
  public static final List<String> CIFAR100_FINE =
      List.of(
          "apple",
          "aquarium_fish",
          "baby",
          "bear",
          "beaver",
          "bed",
          "bee",
          "beetle",
          "bicycle",
          "bottle",
          "bowl",
          "boy",
          "bridge",
          "bus",
          "butterfly",
          "camel",
          "can",
          "castle",
          "caterpillar",
          "cattle",
          "chair",
          "chimpanzee",
          "clock",
          "cloud",
          "cockroach",
          "couch",
          "crab",
          "crocodile",
          "cup",
          "dinosaur",
          "dolphin",
          "elephant",
          "flatfish",
          "forest",
          "fox",
          "girl",
          "hamster",
          "house",
          "kangaroo",
          "keyboard",
          "lamp",
          "lawn_mower",
          "leopard",
          "lion",
          "lizard",
          "lobster",
          "man",
          "maple_tree",
          "motorcycle",
          "mountain",
          "mouse",
          "mushroom",
          "oak_tree",
          "orange",
          "orchid",
          "otter",
          "palm_tree",
          "pear",
          "pickup_truck",
          "pine_tree",
          "plain",
          "plate",
          "poppy",
          "porcupine",
          "possum",
          "rabbit",
          "raccoon",
          "ray",
          "road",
          "rocket",
          "rose",
          "sea",
          "seal",
          "shark",
          "shrew",
          "skunk",
          "skyscraper",
          "snail",
          "snake",
          "spider",
          "squirrel",
          "streetcar",
          "sunflower",
          "sweet_pepper",
          "table",
          "tank",
          "telephone",
          "television",
          "tiger",
          "tractor",
          "train",
          "trout",
          "tulip",
          "turtle",
          "wardrobe",
          "whale",
          "willow_tree",
          "wolf",
          "woman",
          "worm");
}
