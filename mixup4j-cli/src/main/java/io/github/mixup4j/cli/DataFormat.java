package io.github.mixup4j.cli;

/** The on-disk formats the command-line tool reads. */
public enum DataFormat {
  /** Detect from the folder's content. */
  AUTO,
  /** MNIST/Fashion-MNIST IDX files: {@code train-images-idx3-ubyte[.gz]} and friends. */
  IDX,
  /** CIFAR-10 ({@code data_batch_N.bin}, {@code test_batch.bin}) or CIFAR-100 binary files. */
  CIFAR,
  /** An image-folder tree: {@code ROOT/CLASS/*.png|jpg}, or {@code ROOT/train|test/CLASS/…}. */
  FOLDER
}
