package io.github.mixup4j;

/** What a {@link MixPlan} does to one sample. */
public enum MixKind {
  /** The sample is left as it is; its label keeps weight 1. */
  NONE,
  /** Pixel-wise convex combination with the partner: x̂ = λ·x + (1−λ)·x_partner. */
  MIXUP,
  /** A box of the partner is pasted into the sample; λ is the sample's kept area. */
  CUTMIX,
  /** A box of the sample is erased to a fill value; the label is unchanged. */
  CUTOUT,
  /**
   * A per-pixel mask m (H × W, values in [0, 1], the same for every channel) keeps the sample where
   * m = 1 and takes the partner where m = 0: x̂ = m·x + (1−m)·x_partner; λ is the mask's mean, the
   * sample's true share of the result (FMix, GridMix, SmoothMix).
   */
  MASK,
  /**
   * The whole partner, shrunk by nearest-neighbour resizing, is pasted into the sample's {@link
   * Box} (ResizeMix): a pixel (y, x) inside the box of bh × bw takes the partner's pixel (⌊(y −
   * y0)·H/bh⌋, ⌊(x − x0)·W/bw⌋), the sample keeps its pixels outside the box; λ is the kept area 1
   * − bh·bw/(H·W).
   */
  RESIZE
}
