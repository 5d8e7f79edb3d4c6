/**
 * Optimizers whose state (update counts, momentum and moment buffers) can be saved and loaded for
 * an exact resume, and learning-rate schedules.
 */
package io.github.mixup4j.train.optimizer;
