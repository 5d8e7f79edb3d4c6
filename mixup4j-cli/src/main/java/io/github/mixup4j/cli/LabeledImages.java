package io.github.mixup4j.cli;

import io.github.mixup4j.data.IdxImages;
import java.util.List;

/**
 * Grey-scale images with their class labels and class names.
 *
 * @param images the images
 * @param labels one label per image
 * @param classNames a name for every label value
 * @param description where the data came from, for messages and titles
 */
record LabeledImages(IdxImages images, int[] labels, List<String> classNames, String description) {
  LabeledImages {
    if (labels.length != images.count()) {
      throw new IllegalArgumentException(
          description + ": " + images.count() + " images but " + labels.length + " labels");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] >= classNames.size()) {
        throw new IllegalArgumentException(
            description
                + ": label "
                + labels[i]
                + " of sample "
                + i
                + " has no class name (expected labels below "
                + classNames.size()
                + ")");
      }
    }
  }

  /**
   * The name of sample {@code i}'s class.
   *
   * @param i a sample index
   * @return its class name
   */
  String className(int i) {
    return classNames.get(labels[i]);
  }
}
