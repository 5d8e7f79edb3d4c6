/** Mixup-family augmentation core: plans and float-array kernels. */
package io.github.mixup4j;
