package io.github.mixup4j;

/** How a batch's samples are assigned their mixing partners. */
public enum Pairing {
  /**
   * A uniformly random permutation π of the batch (the original paper's {@code torch.randperm}):
   * sample i is mixed with sample π(i). In {@link MixMode#PAIR} mode the permutation is cut into
   * consecutive pairs (π(0), π(1)), (π(2), π(3)), ….
   */
  PERMUTATION,
  /**
   * The reversed batch (timm's {@code x.flip(0)}): sample i is mixed with sample n−1−i. With an odd
   * batch the middle sample is its own partner and stays unmixed. No random draw is needed, and an
   * in-place mix touches every byte once.
   */
  REVERSE
}
