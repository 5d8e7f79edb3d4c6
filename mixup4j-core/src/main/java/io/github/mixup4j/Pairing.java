package io.github.mixup4j;

/** How a batch's samples are assigned their mixing partners. */
public enum Pairing {
  /**
   * A uniformly random permutation π of the batch (the original paper's {@code torch.randperm}):
   * sample i is mixed with sample π(i). In {@link MixMode#PAIR} mode the permutation is cut into
   * consecutive pairs (π(0), π(1)), (π(2), π(3)), …. A fixed point π(i) = i (about one per batch on
   * average) leaves its sample unmixed.
   */
  PERMUTATION,
  /**
   * The reversed batch (timm's {@code x.flip(0)}): sample i is mixed with sample n−1−i. With an odd
   * batch the middle sample is its own partner and stays unmixed. No random draw is needed, and an
   * in-place mix touches every byte once.
   */
  REVERSE,
  /**
   * A uniformly random derangement δ of the batch: a permutation with no fixed point, so no sample
   * is paired with itself and every sample of a batch of two or more is mixed (NVIDIA DALI offers
   * the same choice). Drawn by rejection: Fisher–Yates is restarted as soon as a position receives
   * its own index, which keeps every derangement equally likely and takes about e ≈ 2.72 tries on
   * average. In {@link MixMode#PAIR} mode the pairs are drawn as for {@link #PERMUTATION} (a pair
   * never holds one sample twice); an odd batch still leaves one sample without a pair.
   */
  DERANGEMENT,
  /**
   * Class-balanced partners for long-tailed data, as Label-Occurrence-Balanced Mixup does: for each
   * sample a class is drawn uniformly from the classes present in the batch, then the partner
   * uniformly from that class's samples, so every present class is a partner equally often whatever
   * its frequency (with plain permutation pairing a class that is 90% of the batch is 90% of the
   * partners). The map need not be a permutation; a sample that draws itself stays unmixed. It
   * reads the labels: plans come from {@link MixPlanner#plan(long, int[], int, int)} ({@link
   * MixPlanner#needsLabels()} is true), which the DJL integration calls with each batch's labels.
   * Not for {@link MixMode#PAIR}, whose pairs must be mutual.
   */
  CLASS_BALANCED
}
