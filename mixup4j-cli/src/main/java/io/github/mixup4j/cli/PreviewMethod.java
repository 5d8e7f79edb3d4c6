package io.github.mixup4j.cli;

import java.util.List;

/** The methods {@code preview} can show; {@link #ALL} stands for the other three. */
enum PreviewMethod {
  MIXUP,
  CUTMIX,
  CUTOUT,
  ALL;

  /** The single methods this choice stands for, in display order. */
  List<PreviewMethod> expand() {
    return this == ALL ? List.of(MIXUP, CUTMIX, CUTOUT) : List.of(this);
  }
}
