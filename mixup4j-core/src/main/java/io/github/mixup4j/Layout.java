package io.github.mixup4j;

/** Memory layout of a batch of images stored in one flat array. */
public enum Layout {
  /** Batch, channel, row, column: PyTorch's and DJL's default. */
  NCHW,
  /** Batch, row, column, channel: channels-last (TensorFlow, decoded images). */
  NHWC
}
