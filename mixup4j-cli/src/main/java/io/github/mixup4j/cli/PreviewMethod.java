package io.github.mixup4j.cli;

import java.util.List;

/**
 * The methods {@code preview} can show; {@link #ALL} stands for the three classic ones (Mixup,
 * CutMix, Cutout), {@link #MASKS} for the three mask methods (FMix, GridMix, SmoothMix).
 */
enum PreviewMethod {
  MIXUP,
  CUTMIX,
  CUTOUT,
  FMIX,
  GRIDMIX,
  SMOOTHMIX,
  RESIZEMIX,
  SALIENCYMIX,
  ALL,
  MASKS;

  /** The single methods this choice stands for, in display order. */
  List<PreviewMethod> expand() {
    return switch (this) {
      case ALL -> List.of(MIXUP, CUTMIX, CUTOUT);
      case MASKS -> List.of(FMIX, GRIDMIX, SMOOTHMIX);
      default -> List.of(this);
    };
  }

  /** Whether the method is one of {@link MaskSpec}'s (a mask, or ResizeMix's resized partner). */
  boolean isMask() {
    return this == FMIX
        || this == GRIDMIX
        || this == SMOOTHMIX
        || this == RESIZEMIX
        || this == SALIENCYMIX;
  }
}
