package io.github.mixup4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MixScheduleTest {

  @Test
  void everyNthBatch_followsTheSeedRule() {
    MixSchedule s = MixSchedule.everyNthBatch(3);
    List<Integer> mixed = new ArrayList<>();
    for (int b = 0; b < 10; b++) {
      if (s.shouldMix(1, b)) {
        mixed.add(b);
      }
    }
    assertEquals(List.of(2, 5, 8), mixed);
    assertTrue(MixSchedule.everyNthBatch(1).shouldMix(4, 0));
  }

  @Test
  void untilEpoch_mixesThroughThatEpochCountedFromOne() {
    MixSchedule s = MixSchedule.untilEpoch(2);
    assertTrue(s.shouldMix(1, 5));
    assertTrue(s.shouldMix(2, 0));
    assertFalse(s.shouldMix(3, 0));
    assertFalse(MixSchedule.untilEpoch(0).shouldMix(1, 0));
  }

  @Test
  void fromEpoch_mixesFromThatEpochCountedFromOne() {
    MixSchedule s = MixSchedule.fromEpoch(3);
    assertFalse(s.shouldMix(1, 0));
    assertFalse(s.shouldMix(2, 7));
    assertTrue(s.shouldMix(3, 0));
    assertTrue(s.shouldMix(40, 0));
    assertTrue(MixSchedule.fromEpoch(1).shouldMix(1, 0));
    assertEquals(
        "fromEpoch = 0: expected an integer >= 1",
        assertThrows(IllegalArgumentException.class, () -> MixSchedule.fromEpoch(0)).getMessage());
  }

  @Test
  void withProbability_isReproducible_andHasTheRightRate() {
    MixSchedule a = MixSchedule.withProbability(0.25, 9);
    MixSchedule b = MixSchedule.withProbability(0.25, 9);
    int yes = 0;
    for (int e = 1; e <= 10; e++) {
      for (int i = 0; i < 400; i++) {
        boolean d = a.shouldMix(e, i);
        assertEquals(d, b.shouldMix(e, i));
        yes += d ? 1 : 0;
      }
    }
    assertEquals(0.25, yes / 4000.0, 0.035); // sd ≈ 0.007
    assertFalse(MixSchedule.withProbability(0, 1).shouldMix(1, 0));
    assertTrue(MixSchedule.withProbability(1, 1).shouldMix(1, 0));
  }

  @Test
  void composition_andOr() {
    MixSchedule s = MixSchedule.everyNthBatch(2).and(MixSchedule.untilEpoch(1));
    assertTrue(s.shouldMix(1, 1));
    assertFalse(s.shouldMix(1, 0));
    assertFalse(s.shouldMix(2, 1));
    MixSchedule o = MixSchedule.never().or(MixSchedule.everyNthBatch(4));
    assertTrue(o.shouldMix(3, 3));
    assertFalse(o.shouldMix(3, 2));
    assertFalse(MixSchedule.never().shouldMix(1, 0));
    assertTrue(MixSchedule.always().shouldMix(1, 0));
  }

  @Test
  void invalidArguments_nameTheSetting() {
    assertEquals(
        "everyNthBatch = 0: expected an integer >= 1",
        assertThrows(IllegalArgumentException.class, () -> MixSchedule.everyNthBatch(0))
            .getMessage());
    assertEquals(
        "untilEpoch = -1: expected an integer >= 0",
        assertThrows(IllegalArgumentException.class, () -> MixSchedule.untilEpoch(-1))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> MixSchedule.withProbability(2, 0));
  }
}
