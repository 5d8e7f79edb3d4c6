/**
 * Manifold Mixup (Verma et al., ICML 2019, <a
 * href="https://arxiv.org/abs/1806.05236">arXiv:1806.05236</a>): mix hidden activations of a {@link
 * ai.djl.nn.SequentialBlock} at a layer drawn per batch.
 */
package io.github.mixup4j.djl.manifold;
