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

  /** Parses {@code mixup}, {@code cutmix}, {@code cutout}, {@code all}. */
  static final class Converter extends LowercaseEnum.Converter<PreviewMethod> {
    Converter() {
      super(PreviewMethod.class, "method");
    }
  }

  /** The names for help and completion. */
  static final class Names extends LowercaseEnum.Candidates<PreviewMethod> {
    Names() {
      super(PreviewMethod.class);
    }
  }
}
