package io.github.mixup4j;

/**
 * How many mixing decisions and λ values a {@link Mixup} draws for one batch.
 *
 * <p>The names follow timm's {@code Mixup(mode=...)}.
 */
public enum MixMode {
  /**
   * One decision, one method (mixup or cutmix), one λ and — for CutMix — one box for the whole
   * batch. The cheapest to apply, and the mode of the original paper's code.
   */
  BATCH,
  /**
   * Samples are grouped into disjoint pairs (i, j) that are each other's partner; each pair gets
   * its own decision, method, λ and box, and both members use them (so the pair swaps content
   * symmetrically). With an odd batch the one sample left without a pair is not mixed.
   */
  PAIR,
  /** Every sample gets its own decision, method, λ and box; partners follow the {@link Pairing}. */
  ELEM
}
