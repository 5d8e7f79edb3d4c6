package io.github.mixup4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** GridMix: cells, their measured share, the cell probability and the grid range. */
class GridMixTest {

  @Test
  void fourByFour_gridTwo_sharesAreQuarters_andMasksAreConstantOnCells() {
    GridMix grid =
        GridMix.builder()
            .setNumClasses(2)
            .optGridRange(2, 2)
            .optCellProbability(0.5)
            .optPairing(Pairing.REVERSE)
            .build();
    Set<String> patterns = new HashSet<>();
    for (long step = 0; step < 400; step++) {
      MixPlan p = grid.plan(step, 2, 4, 4);
      if (!p.isMixed(0)) {
        continue;
      }
      float[] m = p.mask(0);
      double quarters = p.lambda(0) * 4;
      assertEquals(Math.rint(quarters), quarters, 0.0, "λ = k/4: " + p.lambda(0));
      StringBuilder key = new StringBuilder();
      for (int r = 0; r < 2; r++) {
        for (int c = 0; c < 2; c++) {
          float v = m[(2 * r) * 4 + 2 * c];
          for (int y = 2 * r; y < 2 * r + 2; y++) {
            for (int x = 2 * c; x < 2 * c + 2; x++) {
              assertEquals(v, m[y * 4 + x], "cell (" + r + "," + c + ") is one value");
            }
          }
          key.append((int) v);
        }
      }
      patterns.add(key.toString());
    }
    // every pattern but "keep all four" (which is no mix) shows up
    assertEquals(15, patterns.size(), patterns.toString());
  }

  @Test
  void cells_ofSizesNotDividedByTheGrid_handChecked() {
    // 7x5 in a 3x3 grid: rows [0,2) [2,4) [4,7), columns [0,1) [1,3) [3,5)
    boolean[] partner = new boolean[9];
    partner[4] = true; // the middle cell: rows 2-3, columns 1-2, 4 pixels
    float[] m = GridMix.mask(7, 5, 3, partner);
    for (int y = 0; y < 7; y++) {
      for (int x = 0; x < 5; x++) {
        boolean middle = y >= 2 && y < 4 && x >= 1 && x < 3;
        assertEquals(middle ? 0f : 1f, m[y * 5 + x], y + "," + x);
      }
    }
    assertEquals(31.0 / 35, MaskPlanner.share(m), 1e-15);
    partner[4] = false;
    partner[8] = true; // the bottom-right cell: rows 4-6, columns 3-4, 6 pixels
    assertEquals(29.0 / 35, MaskPlanner.share(GridMix.mask(7, 5, 3, partner)), 1e-15);
  }

  @Test
  void gridLargerThanTheImage_hasEmptyCells_andTheShareIsMeasured() {
    // 1x9 in a 3x3 grid: only the bottom row of cells holds pixels (rows [0,0) [0,0) [0,1))
    boolean[] top = {true, true, true, false, false, false, false, false, false};
    assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, GridMix.mask(1, 9, 3, top));
    boolean[] bottomLeft = {false, false, false, false, false, false, true, false, false};
    float[] m = GridMix.mask(1, 9, 3, bottomLeft);
    assertArrayEquals(new float[] {0, 0, 0, 1, 1, 1, 1, 1, 1}, m);
    assertEquals(6.0 / 9, MaskPlanner.share(m), 1e-15);
    // a plan whose partner cells are all empty is no mix
    GridMix grid =
        GridMix.builder()
            .setNumClasses(2)
            .optGridRange(7, 7)
            .optCellProbability(0.3)
            .optPairing(Pairing.REVERSE)
            .build();
    for (long step = 0; step < 50; step++) {
      MixPlan p = grid.plan(step, 2, 1, 3);
      assertTrue(p.lambda(0) < 1 || !p.isMixed(0));
    }
  }

  @Test
  void cellProbability_isTheShareOfPartnerCells_binomial() {
    double p = 0.8;
    GridMix grid =
        GridMix.builder()
            .setNumClasses(2)
            .optGridRange(3, 3)
            .optPairing(Pairing.REVERSE)
            .optPerSample(true)
            .build();
    int cells = 0;
    int partnerCells = 0;
    for (long step = 0; step < 300; step++) {
      MixPlan plan = grid.plan(step, 2, 6, 6); // 2x2-pixel cells
      for (int i = 0; i < 2; i++) {
        cells += 9;
        // an all-kept mask (0.2⁹ ≈ 5e-7) would be no mix: count its 9 kept cells
        if (plan.isMixed(i)) {
          partnerCells += (int) Math.round((1 - plan.lambda(i)) * 9);
        }
      }
    }
    double sd = Math.sqrt(p * (1 - p) / cells);
    assertEquals(p, (double) partnerCells / cells, 4 * sd, partnerCells + " of " + cells);
  }

  @Test
  void gridSize_isUniformOverTheRange() {
    // On 12x12 the grid g ∈ {2, 3, 4} is seen in the cell sizes 6, 4 and 3 pixels: with p = 0.5
    // a mask constant on 6x6 blocks is almost surely g = 2, on 4x4 (not 6x6) g = 3, else g = 4.
    GridMix grid =
        GridMix.builder()
            .setNumClasses(2)
            .optGridRange(2, 4)
            .optCellProbability(0.5)
            .optPairing(Pairing.REVERSE)
            .optPerSample(true)
            .build();
    int[] seen = new int[5];
    int total = 0;
    for (long step = 0; step < 1200; step++) {
      MixPlan plan = grid.plan(step, 2, 12, 12);
      if (!plan.isMixed(0)) {
        continue;
      }
      float[] m = plan.mask(0);
      int g = constantOn(m, 6) ? 2 : constantOn(m, 4) ? 3 : 4;
      seen[g]++;
      total++;
    }
    for (int g = 2; g <= 4; g++) {
      double share = (double) seen[g] / total;
      // 1/3 each, minus the rare all-kept masks and patterns that look coarser than they are
      assertEquals(1.0 / 3, share, 0.06, "g = " + g + ": " + seen[g] + " of " + total);
    }
  }

  private static boolean constantOn(float[] m, int block) {
    for (int y = 0; y < 12; y++) {
      for (int x = 0; x < 12; x++) {
        if (m[y * 12 + x] != m[(y / block * block) * 12 + x / block * block]) {
          return false;
        }
      }
    }
    return true;
  }

  @Test
  void settings_defaults_andChecks() {
    GridMix g = GridMix.builder().setNumClasses(3).build();
    assertEquals(2, g.minGrid());
    assertEquals(7, g.maxGrid());
    assertEquals(0.8, g.cellProbability());
    assertTrue(g.toString().startsWith("GridMix[grid=[2, 7], cellProbability=0.8, "), g.toString());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GridMix.builder().optGridRange(0, 3));
    assertEquals("minGrid = 0: expected an integer >= 1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> GridMix.builder().optGridRange(4, 3));
    assertEquals("minGrid = 4, maxGrid = 3: expected minGrid <= maxGrid", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> GridMix.builder().optCellProbability(-0.1));
    assertTrue(e.getMessage().startsWith("cellProbability = -0.1"), e.getMessage());
    // p = 1: every cell from the partner, λ = 0; p = 0: never a mix
    GridMix all = GridMix.builder().setNumClasses(3).optCellProbability(1).build();
    MixPlan p = all.plan(0, 4, 5, 5);
    for (int i = 0; i < 4; i++) {
      assertTrue(!p.isMixed(i) || p.lambda(i) == 0.0, p.toString());
    }
    GridMix none = GridMix.builder().setNumClasses(3).optCellProbability(0).build();
    assertTrue(none.plan(0, 4, 5, 5).isIdentity());
  }
}
