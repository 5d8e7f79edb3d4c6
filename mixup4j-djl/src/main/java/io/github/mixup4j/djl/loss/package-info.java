/**
 * Losses for mixed batches: soft-target cross-entropy that also takes class indices, the two-label
 * form λ·L(ŷ, a) + (1−λ)·L(ŷ, b) around any DJL loss, and soft-target binary cross-entropy for
 * multi-label targets.
 */
package io.github.mixup4j.djl.loss;
