package io.github.mixup4j;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Plans GridMix: the image is cut into a g × g grid and each cell comes from the sample or from its
 * partner (Baek, Bang, Shim, <i>GridMix: Strong regularization through local context mapping</i>,
 * Pattern Recognition 109, 2021, 107594, <a
 * href="https://doi.org/10.1016/j.patcog.2020.107594">doi:10.1016/j.patcog.2020.107594</a>).
 *
 * <p>A mask for an H × W image: g is drawn uniformly from the grid range [g_min, g_max] (default
 * [2, 7]); cell (r, c) covers rows [⌊r·H/g⌋, ⌊(r+1)·H/g⌋) and columns [⌊c·W/g⌋, ⌊(c+1)·W/g⌋), so
 * cells differ by at most one pixel per side when g does not divide the image (and some are empty
 * when g exceeds a side); each cell, independently, is taken from the partner (m = 0) with the cell
 * probability p (default 0.8) and kept (m = 1) otherwise. The label weight is the measured share λ
 * = mean(m) = (kept pixels)/(H·W), never the cell count's share. A mask that keeps every pixel (no
 * partner cell, or only empty ones) is no mix.
 *
 * <p>This planner makes the images and the mixed global labels. The paper's second part, local
 * context mapping (an auxiliary head trained on each cell's own label), needs a model change and is
 * not part of it; the cell layout is {@code mask(i)} of the plan.
 *
 * <p>Which paper details are ours: the grid range [2, 7], p = 0.8 and the cell boundaries above are
 * this library's reading, not checked against the paper's text. Pairing, probability of mixing a
 * batch (or a sample, with {@link Builder#optPerSample(boolean) optPerSample(true)}) and the
 * unmixed cases are those of {@link MaskPlanner}.
 *
 * <pre>{@code
 * GridMix grid = GridMix.builder().setNumClasses(100).optGridRange(2, 7).optSeed(1).build();
 * grid.plan(step, batchSize, 32, 32).applyInPlace(images, 3);
 * }</pre>
 */
public final class GridMix extends MaskPlanner {
  private static final long SALT = 0x677269646D6978L; // "gridmix"

  private final int minGrid;
  private final int maxGrid;
  private final double cellProbability;

  private GridMix(Builder b) {
    super(b, SALT);
    minGrid = b.minGrid;
    maxGrid = b.maxGrid;
    cellProbability = b.cellProbability;
  }

  /**
   * Starts a builder with the defaults: grid sizes 2 to 7, cell probability 0.8, probability 1,
   * {@link Pairing#PERMUTATION}, one mask per batch, no label smoothing, seed 0. The number of
   * classes is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The smallest grid size g (cells per side).
   *
   * @return g_min
   */
  public int minGrid() {
    return minGrid;
  }

  /**
   * The largest grid size g (cells per side), inclusive.
   *
   * @return g_max
   */
  public int maxGrid() {
    return maxGrid;
  }

  /**
   * The probability that a cell is taken from the partner.
   *
   * @return p
   */
  public double cellProbability() {
    return cellProbability;
  }

  @Override
  public String toString() {
    return "GridMix[grid=["
        + minGrid
        + ", "
        + maxGrid
        + "], cellProbability="
        + cellProbability
        + ", "
        + commonSettings()
        + "]";
  }

  @Override
  float[] mask(UniformRandomProvider rng, int height, int width) {
    int g = minGrid + rng.nextInt(maxGrid - minGrid + 1);
    boolean[] partner = new boolean[g * g];
    for (int c = 0; c < partner.length; c++) {
      partner[c] = rng.nextDouble() < cellProbability;
    }
    float[] m = mask(height, width, g, partner);
    return share(m) == 1.0 ? null : m; // no partner cell, or only empty ones
  }

  /**
   * The mask of a g × g grid whose cells {@code partner[r·g + c]} come from the partner (0); the
   * others keep the sample (1).
   */
  static float[] mask(int height, int width, int g, boolean[] partner) {
    float[] m = new float[height * width];
    for (int r = 0; r < g; r++) {
      int y0 = (int) ((long) r * height / g);
      int y1 = (int) ((long) (r + 1) * height / g);
      for (int c = 0; c < g; c++) {
        if (partner[r * g + c]) {
          continue;
        }
        int x0 = (int) ((long) c * width / g);
        int x1 = (int) ((long) (c + 1) * width / g);
        for (int y = y0; y < y1; y++) {
          Arrays.fill(m, y * width + x0, y * width + x1, 1f);
        }
      }
    }
    return m;
  }

  /** Builds a {@link GridMix}; {@link #setNumClasses(int)} is required. */
  public static final class Builder extends MaskPlanner.Builder<Builder> {
    private int minGrid = 2;
    private int maxGrid = 7;
    private double cellProbability = 0.8;

    private Builder() {}

    @Override
    Builder self() {
      return this;
    }

    /**
     * Sets the range the grid size g (cells per side) is drawn from, uniformly, both ends included
     * (default [2, 7]). A range of one value fixes g.
     *
     * @param min g_min, at least 1
     * @param max g_max, at least g_min
     * @return this builder
     * @throws IllegalArgumentException unless 1 &lt;= min &lt;= max
     */
    public Builder optGridRange(int min, int max) {
      Checks.atLeast("minGrid", min, 1);
      if (max < min) {
        throw new IllegalArgumentException(
            "minGrid = " + min + ", maxGrid = " + max + ": expected minGrid <= maxGrid");
      }
      this.minGrid = min;
      this.maxGrid = max;
      return this;
    }

    /**
     * Sets the probability that a cell is taken from the partner (default 0.8), each cell drawn on
     * its own; the sample keeps 1 − p of its cells on average.
     *
     * @param p in [0, 1]
     * @return this builder
     * @throws IllegalArgumentException if outside [0, 1]
     */
    public Builder optCellProbability(double p) {
      this.cellProbability = Checks.probability("cellProbability", p);
      return this;
    }

    /**
     * Validates the settings and builds the planner.
     *
     * @return the planner
     * @throws IllegalArgumentException if the number of classes was not set
     */
    public GridMix build() {
      return new GridMix(this);
    }
  }
}
