package io.github.mixup4j.train.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.training.dataset.Sampler;
import ai.djl.translate.TranslateException;
import ai.djl.util.Progress;
import ai.djl.util.RandomUtils;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;

/**
 * A DJL {@link RandomAccessDataset} that is a thin view over an in-memory {@link ImageData}.
 *
 * <p>{@link #get(NDManager, long)} yields the image as a {@code float32} array of shape {@code (C,
 * H, W)} with values as stored (the readers scale to {@code [0, 1]}), and the label as a {@code
 * float32} scalar holding the class index. DJL applies the transforms added with {@code
 * addTransform} to each image when it iterates ({@link #getData(NDManager)}).
 *
 * <p>When no DJL transform was added, batches are stacked straight from the {@code float[]}: one
 * copy into a new {@code (n, C, H, W)} array per batch instead of one NDArray per sample and a
 * stacking pass. An optional {@link ImageTransform} augmentation (crop, flip, normalisation) then
 * runs on the stacked batch in Java, with a generator seeded from DJL's random source at the start
 * of every pass over the data — so the augmentation follows {@code
 * Engine.getInstance().setRandomSeed}, as the shuffling does, and a run resumed at an epoch
 * boundary augments as the uninterrupted one did.
 *
 * <p>The data is read when the dataset is built, so {@link #prepare(Progress)} does nothing. The
 * readers are {@link IdxDataset}, {@link CifarDataset} and {@link ImageFolderDataset}; {@link
 * MemoryImageDataset} views data already in memory (for example a part of {@link ImageData#split}).
 */
public abstract class ImageDataset extends RandomAccessDataset {
  private final ImageData data;
  private final ImageTransform augmentation;

  /**
   * Creates the view.
   *
   * @param builder the DJL settings (sampling, transforms, limit)
   * @param data the images and labels
   */
  protected ImageDataset(RandomAccessDataset.BaseBuilder<?> builder, ImageData data) {
    this(builder, data, null);
  }

  /**
   * Creates the view with an augmentation applied to every stacked batch.
   *
   * @param builder the DJL settings (sampling, transforms, limit)
   * @param data the images and labels
   * @param augmentation applied in place to each batch of the fast path, or null
   */
  protected ImageDataset(
      RandomAccessDataset.BaseBuilder<?> builder, ImageData data, ImageTransform augmentation) {
    super(builder);
    this.data = data;
    this.augmentation = augmentation;
  }

  /**
   * Iterates over batches. Without DJL transforms, batches are stacked directly from the pixel
   * array (see the class comment); with them, DJL's per-sample path runs.
   *
   * @param manager the manager of the batches (each batch gets a sub-manager it closes)
   * @param sampler how indices are drawn
   * @param executor ignored by the fast path (stacking is a memory copy)
   * @return the batches
   * @throws IOException never on the fast path
   * @throws TranslateException if a DJL transform fails
   */
  @Override
  public Iterable<Batch> getData(NDManager manager, Sampler sampler, ExecutorService executor)
      throws IOException, TranslateException {
    if (pipeline != null && !pipeline.getTransforms().isEmpty()) {
      if (augmentation != null) {
        throw new IllegalStateException(
            "both a DJL transform and an ImageTransform augmentation are set: use one");
      }
      return super.getData(manager, sampler, executor);
    }
    // Draw from DJL's random source only when augmenting, so shuffling is as without the fast path.
    SplittableRandom rng =
        augmentation == null ? null : new SplittableRandom(RandomUtils.RANDOM.nextLong());
    return () -> new BatchIterator(manager, sampler.sample(this), rng);
  }

  /** Stacks each batch of indices into one array, in Java. */
  private final class BatchIterator implements Iterator<Batch> {
    private final NDManager manager;
    private final Iterator<List<Long>> indices;
    private final SplittableRandom rng;
    private long progress;

    BatchIterator(NDManager manager, Iterator<List<Long>> indices, SplittableRandom rng) {
      this.manager = manager;
      this.indices = indices;
      this.rng = rng;
    }

    @Override
    public boolean hasNext() {
      return indices.hasNext();
    }

    @Override
    public Batch next() {
      if (!indices.hasNext()) {
        throw new NoSuchElementException("no more batches");
      }
      List<Long> idx = indices.next();
      int n = idx.size();
      int sample = data.sampleSize();
      float[] images = new float[n * sample];
      float[] labels = new float[n];
      float[] pixels = data.pixels();
      for (int j = 0; j < n; j++) {
        int i = Math.toIntExact(idx.get(j));
        System.arraycopy(pixels, i * sample, images, j * sample, sample);
        labels[j] = data.labels()[i];
      }
      if (augmentation != null) {
        augmentation.applyBatch(images, n, data.channels(), data.height(), data.width(), rng);
      }
      NDManager sub = manager.newSubManager();
      NDArray x = sub.create(images, new Shape(n, data.channels(), data.height(), data.width()));
      NDArray y = sub.create(labels, new Shape(n));
      progress += n;
      return new Batch(
          sub,
          new NDList(x),
          new NDList(y),
          n,
          dataBatchifier,
          labelBatchifier,
          progress,
          size(),
          idx);
    }
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
