package io.github.mixup4j.train.data;

import ai.djl.training.dataset.RandomAccessDataset;

/** An {@link ImageDataset} over an {@link ImageData} already in memory, such as a split part. */
public final class MemoryImageDataset extends ImageDataset {

  private MemoryImageDataset(Builder builder) {
    super(builder, builder.data, builder.augmentation);
  }

  /**
   * Creates a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link MemoryImageDataset}. */
  public static final class Builder extends RandomAccessDataset.BaseBuilder<Builder> {
    private ImageData data;
    private ImageTransform augmentation;

    Builder() {}

    /** {@inheritDoc} */
    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Sets the data to view (required).
     *
     * @param data the images and labels
     * @return this builder
     */
    public Builder setData(ImageData data) {
      this.data = data;
      return this;
    }

    /**
     * Sets an augmentation applied in place to every stacked batch (for example {@link
     * ImageTransforms#compose} of a random crop and a flip), seeded from DJL's random source at the
     * start of each pass. Not allowed together with DJL transforms.
     *
     * @param augmentation the transform, or null for none
     * @return this builder
     */
    public Builder optAugmentation(ImageTransform augmentation) {
      this.augmentation = augmentation;
      return this;
    }

    /**
     * Builds the dataset.
     *
     * @return the dataset
     * @throws IllegalArgumentException if the data or the sampling is not set
     */
    public MemoryImageDataset build() {
      if (data == null) {
        throw new IllegalArgumentException("data is not set: call setData(ImageData)");
      }
      ImageDataset.requireSampling(sampler);
      return new MemoryImageDataset(this);
    }
  }
}
