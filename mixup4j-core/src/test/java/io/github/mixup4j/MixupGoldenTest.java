package io.github.mixup4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Mixup's plans are fixed by their seed: digests of many plans, recorded before the pairing code
 * moved into {@link Partners}, must stay what they were (bit for bit: kinds, partners, the bits of
 * λ, boxes) for the pairings that existed then.
 */
class MixupGoldenTest {

  private static List<Mixup.Builder> configs(MixMode mode, Pairing pairing) {
    return List.of(
        Mixup.builder().setNumClasses(5).optMode(mode).optPairing(pairing).optSeed(1),
        Mixup.builder()
            .setNumClasses(5)
            .optMixupAlpha(0)
            .optCutmixAlpha(1)
            .optMode(mode)
            .optPairing(pairing)
            .optSeed(2),
        Mixup.builder()
            .setNumClasses(5)
            .optMixupAlpha(0.4)
            .optCutmixAlpha(1)
            .optProbability(0.7)
            .optLabelSmoothing(0.1)
            .optMode(mode)
            .optPairing(pairing)
            .optSeed(3),
        Mixup.builder()
            .setNumClasses(5)
            .optCutmixMinMax(0.2, 0.8)
            .optSwitchProbability(0.3)
            .optMode(mode)
            .optPairing(pairing)
            .optSeed(4));
  }

  /** A 64-bit digest of everything a plan decides. */
  static long digest(long h, MixPlan p) {
    h = mix(h, p.batchSize());
    for (int i = 0; i < p.batchSize(); i++) {
      h = mix(h, p.kind(i).ordinal());
      h = mix(h, p.partner(i));
      h = mix(h, Double.doubleToLongBits(p.lambda(i)));
      Box b = p.box(i);
      if (b != null) {
        h = mix(h, b.y0());
        h = mix(h, b.x0());
        h = mix(h, b.y1());
        h = mix(h, b.x1());
      }
    }
    return h;
  }

  private static long mix(long h, long v) {
    return Seeds.mix(h * 31 + v);
  }

  static long digest(MixMode mode, Pairing pairing) {
    long h = 17;
    for (Mixup.Builder b : configs(mode, pairing)) {
      Mixup m = b.build();
      for (int n : new int[] {1, 2, 5, 8, 13}) {
        for (long step = 0; step < 12; step++) {
          h = digest(h, m.plan(step, n, 9, 7));
          h = digest(h, m.plan(step, n, 9, 7, 3));
        }
      }
    }
    return h;
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "BATCH, PERMUTATION, -8703785151182330656",
    "BATCH, REVERSE, -5917393883381206666",
    "PAIR, PERMUTATION, -6018077286744072007",
    "PAIR, REVERSE, -5767066974811720133",
    "ELEM, PERMUTATION, -2801657822146048803",
    "ELEM, REVERSE, 3205013054598017175"
  })
  void plans_areThoseRecordedBeforeThePairingCodeMoved(
      MixMode mode, Pairing pairing, long expected) {
    assertEquals(expected, digest(mode, pairing), mode + " " + pairing);
  }
}
