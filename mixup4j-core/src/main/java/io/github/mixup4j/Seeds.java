package io.github.mixup4j;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.core.source64.XoShiRo256PlusPlus;

/**
 * Derives independent random streams from a seed and a step number, so that plan {@code k} of a
 * seeded planner does not depend on which thread drew it or on which plans were drawn before.
 */
final class Seeds {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Seeds() {}

  /** SplitMix64's output function (Steele, Lea, Flood 2014). */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * A generator for stream {@code (seed, step, salt)}.
   *
   * @param seed the user's seed
   * @param step the plan or step number
   * @param salt separates the purposes that share a seed (planning, schedules)
   */
  static UniformRandomProvider stream(long seed, long step, long salt) {
    long s = mix(seed ^ mix(salt * GOLDEN)) + step * GOLDEN;
    long a = mix(s += GOLDEN);
    long b = mix(s += GOLDEN);
    long c = mix(s += GOLDEN);
    long d = mix(s + GOLDEN);
    return new XoShiRo256PlusPlus(a, b, c, d);
  }

  /** A uniform double in [0, 1) for one {@code (seed, a, b, salt)} tuple, without a generator. */
  static double uniform(long seed, long a, long b, long salt) {
    long h = mix(mix(seed ^ mix(salt * GOLDEN)) + a * GOLDEN);
    h = mix(h + b * GOLDEN);
    return (h >>> 11) * 0x1.0p-53;
  }
}
