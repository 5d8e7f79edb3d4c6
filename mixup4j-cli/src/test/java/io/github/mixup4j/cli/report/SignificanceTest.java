package io.github.mixup4j.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SignificanceTest {

  @Test
  void paired_handExample_intervalAndVerdict() {
    // d = (0.01, 0.02, 0.00): mean 0.01, sd 0.01, t(2; 0.975) = 4.302653, half = 0.0248414
    Significance.Paired p =
        Significance.paired(new double[] {0.90, 0.92, 0.91}, new double[] {0.89, 0.90, 0.91}, true);
    assertEquals(0.01, p.mean(), 1e-12);
    assertEquals(0.01, p.sd(), 1e-12);
    assertEquals(0.01 - 0.0248414, p.low(), 1e-6);
    assertEquals(0.01 + 0.0248414, p.high(), 1e-6);
    assertEquals("no significant difference", p.verdict());
    assertEquals("+1.00 [-1.48, +3.48]", p.format(100));

    Significance.Paired clear =
        Significance.paired(
            new double[] {0.92, 0.931, 0.929}, new double[] {0.90, 0.91, 0.91}, true);
    assertEquals("better", clear.verdict());
    assertEquals(
        "worse",
        Significance.paired(
                new double[] {0.92, 0.931, 0.929}, new double[] {0.9, 0.91, 0.91}, false)
            .verdict(),
        "for an error, higher is worse");
    assertEquals(
        "one seed: no test",
        Significance.paired(new double[] {0.9}, new double[] {0.8}, true).verdict());
    assertThrows(
        IllegalArgumentException.class,
        () -> Significance.paired(new double[] {0.9}, new double[] {0.8, 0.7}, true));
  }

  @Test
  void mcNemar_exactBinomial() {
    // b = 10 right only by the method, c = 2 only by the baseline, 5 both, 3 neither:
    // p = 2·P(X <= 2 | 12, ½) = 2·(1 + 12 + 66)/4096 = 0.0385742
    boolean[] method = new boolean[20];
    boolean[] baseline = new boolean[20];
    for (int i = 0; i < 10; i++) {
      method[i] = true;
    }
    baseline[10] = true;
    baseline[11] = true;
    for (int i = 12; i < 17; i++) {
      method[i] = true;
      baseline[i] = true;
    }
    assertEquals(158.0 / 4096, Significance.mcNemar(method, baseline), 1e-12);
    assertEquals(1.0, Significance.mcNemar(method, method));
  }
}
