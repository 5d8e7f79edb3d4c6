package io.github.mixup4j.djl.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.training.dataset.Sampler;
import ai.djl.util.Progress;
import java.util.Arrays;
import java.util.List;

/**
 * A DJL {@link RandomAccessDataset} that is a thin view over an in-memory {@link ImageData}.
 *
 * <p>{@link #get(NDManager, long)} yields the image as a {@code float32} array of shape {@code (C,
 * H, W)} with values as stored (the readers scale to {@code [0, 1]}), and the label as a {@code
 * float32} scalar holding the class index. DJL applies the transforms added with {@code
 * addTransform} to each image when it iterates ({@link #getData(NDManager)}).
 *
 * <p>The data is read when the dataset is built, so {@link #prepare(Progress)} does nothing. The
 * readers are {@link IdxDataset}, {@link CifarDataset} and {@link ImageFolderDataset}; {@link
 * MemoryImageDataset} views data already in memory (for example a part of {@link ImageData#split}).
 */
public abstract class ImageDataset extends RandomAccessDataset {
  private final ImageData data;

  /**
   * Creates the view.
   *
   * @param builder the DJL settings (sampling, transforms, limit)
   * @param data the images and labels
   */
  protected ImageDataset(RandomAccessDataset.BaseBuilder<?> builder, ImageData data) {
    super(builder);
    this.data = data;
  }

  /**
   * The images and labels this dataset views.
   *
   * @return the data (shared, not copied)
   */
  public ImageData data() {
    return data;
  }

  /**
   * The class names (synset).
   *
   * @return an unmodifiable list; class index {@code k} is named {@code getClasses().get(k)}
   */
  public List<String> getClasses() {
    return data.classes();
  }

  /**
   * Returns one image and its label.
   *
   * @param manager the manager that owns the new arrays
   * @param index the image index, in {@code [0, size())}
   * @return data {@code [float32 (C, H, W)]}, labels {@code [float32 scalar class index]}
   */
  @Override
  public Record get(NDManager manager, long index) {
    if (index < 0 || index >= data.size()) {
      throw new IndexOutOfBoundsException(
          "index " + index + " is outside [0, " + data.size() + ")");
    }
    int sample = data.sampleSize();
    int from = Math.toIntExact(index) * sample;
    float[] image = Arrays.copyOfRange(data.pixels(), from, from + sample);
    NDList x =
        new NDList(manager.create(image, new Shape(data.channels(), data.height(), data.width())));
    NDList y = new NDList(manager.create((float) data.labels()[(int) index]));
    return new Record(x, y);
  }

  /**
   * The number of images held, before any {@code optLimit}.
   *
   * @return the number of images
   */
  @Override
  protected long availableSize() {
    return data.size();
  }

  /**
   * Does nothing: the data was read when the dataset was built.
   *
   * @param progress ignored
   */
  @Override
  public void prepare(Progress progress) {
    // already in memory
  }

  /**
   * Checks that {@code setSampling} was called, in the DJL style of required settings.
   *
   * @param sampler the builder's sampler
   * @throws IllegalArgumentException if no sampler was set
   */
  static void requireSampling(Sampler sampler) {
    if (sampler == null) {
      throw new IllegalArgumentException(
          "sampling is not set: call setSampling(batchSize, shuffle) before build()");
    }
  }
}
