/**
 * Image datasets read offline (IDX, CIFAR binary, image folders) into one contiguous {@link
 * io.github.mixup4j.train.data.ImageData}, with DJL dataset views and seeded transforms.
 */
package io.github.mixup4j.train.data;
