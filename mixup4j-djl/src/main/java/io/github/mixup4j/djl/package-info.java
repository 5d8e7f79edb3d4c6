/** Applies mixup4j plans to DJL {@code NDArray} batches; losses, training loop, datasets. */
package io.github.mixup4j.djl;
