package io.github.mixup4j.train.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

class LrSchedulesTest {

  @Test
  void warmupCosine_handValues() {
    Tracker t = LrSchedules.warmupCosine(1f, 4, 14, 0.1f);
    assertEquals(0.25f, t.getNewValue(1));
    assertEquals(1f, t.getNewValue(4));
    // halfway through the cosine part (t = 9): final + (base - final) / 2
    assertEquals(0.55f, t.getNewValue(9), 1e-6f);
    // a quarter in (t = 6.5 not an integer): use t = 14 and beyond
    assertEquals(0.1f, t.getNewValue(14), 1e-7f);
    assertEquals(0.1f, t.getNewValue(1000), 1e-7f);
    float prev = Float.MAX_VALUE;
    for (int s = 4; s <= 14; s++) {
      float v = t.getNewValue(s);
      assertEquals(true, v <= prev, "non-increasing after warm-up at " + s);
      prev = v;
    }
    assertEquals(1f, LrSchedules.warmupCosine(1f, 0, 10, 0f).getNewValue(0));
  }

  @Test
  void stepDecay_handValues() {
    Tracker t = LrSchedules.stepDecay(0.1f, 3, 0.5f);
    assertEquals(0.1f, t.getNewValue(1), 1e-9f);
    assertEquals(0.1f, t.getNewValue(3), 1e-9f);
    assertEquals(0.05f, t.getNewValue(4), 1e-9f);
    assertEquals(0.025f, t.getNewValue(7), 1e-9f);
  }

  @Test
  void badValues_areNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> LrSchedules.warmupCosine(1f, 10, 10, 0f));
    assertEquals("totalSteps must be > warmupSteps (10), got 10", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LrSchedules.stepDecay(1f, 0, 0.5f));
    assertThrows(IllegalArgumentException.class, () -> LrSchedules.stepDecay(1f, 1, 0f));
    assertThrows(IllegalArgumentException.class, () -> LrSchedules.constant(Float.NaN));
    assertThrows(IllegalArgumentException.class, () -> LrSchedules.warmupCosine(1f, 0, 5, 2f));
  }

  @Test
  void schedules_arePureFunctionsOfTheUpdateCount_soAResumedRunGetsTheSameRates() {
    for (Tracker t :
        new Tracker[] {
          LrSchedules.constant(0.1f),
          LrSchedules.warmupCosine(1f, 4, 50, 0.01f),
          LrSchedules.warmupCosine(1f, 0, 50, 0.01f),
          LrSchedules.stepDecay(1f, 7, 0.5f)
        }) {
      float[] forward = new float[60];
      for (int u = 1; u < 60; u++) {
        forward[u] = t.getNewValue(u);
      }
      for (int u = 59; u >= 1; u--) { // asked again, backwards: the same values
        assertEquals(forward[u], t.getNewValue(u), 0f, "update " + u);
      }
    }
    // why step decay is our own: DJL's MultiFactorTracker remembers the stages it passed
    Tracker djl =
        Tracker.multiFactor().setSteps(new int[] {7, 14}).setBaseValue(1f).optFactor(0.5f).build();
    float late = djl.getNewValue(20);
    float early = djl.getNewValue(1);
    assertEquals(0.25f, late, 1e-7f);
    assertTrue(early != 1f, "MultiFactorTracker gave " + early + " at update 1 after update 20");
  }
}
