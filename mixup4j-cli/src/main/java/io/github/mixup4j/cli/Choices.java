package io.github.mixup4j.cli;

import io.github.mixup4j.MixMode;
import io.github.mixup4j.Pairing;
import io.github.mixup4j.djl.LabelForm;

/** Lower-case option values for the enums the training options take. */
final class Choices {
  private Choices() {}

  /** The optimizers of {@code --optimizer}. */
  enum OptimizerKind {
    ADAM,
    SGD
  }

  /** The learning-rate schedules of {@code --lr-schedule}. */
  enum LrSchedule {
    COSINE,
    STEP,
    CONSTANT
  }

  static final class FormatConverter extends LowercaseEnum.Converter<DataFormat> {
    FormatConverter() {
      super(DataFormat.class, "data format");
    }
  }

  static final class FormatNames extends LowercaseEnum.Candidates<DataFormat> {
    FormatNames() {
      super(DataFormat.class);
    }
  }

  static final class ModeConverter extends LowercaseEnum.Converter<MixMode> {
    ModeConverter() {
      super(MixMode.class, "mode");
    }
  }

  static final class ModeNames extends LowercaseEnum.Candidates<MixMode> {
    ModeNames() {
      super(MixMode.class);
    }
  }

  static final class PairingConverter extends LowercaseEnum.Converter<Pairing> {
    PairingConverter() {
      super(Pairing.class, "pairing");
    }
  }

  static final class PairingNames extends LowercaseEnum.Candidates<Pairing> {
    PairingNames() {
      super(Pairing.class);
    }
  }

  static final class OptimizerConverter extends LowercaseEnum.Converter<OptimizerKind> {
    OptimizerConverter() {
      super(OptimizerKind.class, "optimizer");
    }
  }

  static final class OptimizerNames extends LowercaseEnum.Candidates<OptimizerKind> {
    OptimizerNames() {
      super(OptimizerKind.class);
    }
  }

  static final class ScheduleConverter extends LowercaseEnum.Converter<LrSchedule> {
    ScheduleConverter() {
      super(LrSchedule.class, "learning-rate schedule");
    }
  }

  static final class ScheduleNames extends LowercaseEnum.Candidates<LrSchedule> {
    ScheduleNames() {
      super(LrSchedule.class);
    }
  }

  static final class LabelFormConverter extends LowercaseEnum.Converter<LabelForm> {
    LabelFormConverter() {
      super(LabelForm.class, "label form");
    }
  }

  static final class LabelFormNames extends LowercaseEnum.Candidates<LabelForm> {
    LabelFormNames() {
      super(LabelForm.class);
    }
  }
}
