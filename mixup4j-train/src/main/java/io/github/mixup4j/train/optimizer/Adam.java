package io.github.mixup4j.train.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

/**
 * Adam (Kingma &amp; Ba 2015, arXiv:1412.6980) with decoupled weight decay (AdamW, Loshchilov &amp;
 * Hutter 2019, arXiv:1711.05101), following PyTorch's {@code torch.optim.AdamW}:
 *
 * <pre>
 * g ← clip(rescaleGrad · ∇w, ±clipGrad)
 * w ← w · (1 − η_t · weightDecay)         (decoupled: the decay does not enter the moments)
 * m ← β₁ · m + (1 − β₁) · g
 * v ← β₂ · v + (1 − β₂) · g²
 * w ← w − (η_t / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 *
 * <p>With weight decay 0 this is plain Adam. Unlike DJL's {@link ai.djl.training.optimizer.Adam},
 * the moments and counts can be saved and loaded ({@link StatefulOptimizer#saveState}).
 */
public final class Adam extends StatefulOptimizer {
  private final float beta1;
  private final float beta2;
  private final float epsilon;

  private Adam(Builder builder) {
    super(builder);
    checkBeta("beta1", builder.beta1);
    checkBeta("beta2", builder.beta2);
    if (!(builder.epsilon > 0) || !Float.isFinite(builder.epsilon)) {
      throw new IllegalArgumentException(
          "epsilon must be a finite value > 0, got " + builder.epsilon);
    }
    this.beta1 = builder.beta1;
    this.beta2 = builder.beta2;
    this.epsilon = builder.epsilon;
  }

  private static void checkBeta(String name, float beta) {
    if (!(beta >= 0 && beta < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1), got " + beta);
    }
  }

  /**
   * Creates a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@inheritDoc} */
  @Override
  protected String kind() {
    return "adamw";
  }

  /** {@inheritDoc} */
  @Override
  protected int numBuffers() {
    return 2;
  }

  /**
   * Applies one update in place.
   *
   * @param parameterId the parameter id
   * @param weight the parameter, updated in place
   * @param grad its gradient
   */
  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    int t = nextCount(parameterId);
    float lr = learningRateTracker.getNewValue(parameterId, t);
    NDArray[] state = buffers(parameterId, weight);
    double bc1 = 1 - Math.pow(beta1, t);
    double bc2 = 1 - Math.pow(beta2, t);
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray g = prepareGradient(grad);
      float wd = getWeightDecay();
      if (wd != 0) {
        weight.muli(1 - lr * wd);
      }
      NDArray m = state[0];
      NDArray v = state[1];
      m.muli(beta1).addi(g.mul(1 - beta1));
      v.muli(beta2).addi(g.mul(g).muli(1 - beta2));
      NDArray denom = v.sqrt().divi((float) Math.sqrt(bc2)).addi(epsilon);
      weight.subi(m.div(denom).muli((float) (lr / bc1)));
    }
    zeroGradient(weight);
  }

  /** Builds an {@link Adam}. */
  public static final class Builder extends StatefulOptimizer.BaseBuilder<Builder> {
    private float beta1 = 0.9f;
    private float beta2 = 0.999f;
    private float epsilon = 1e-8f;

    Builder() {}

    /** {@inheritDoc} */
    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Sets β₁ (optional, default 0.9).
     *
     * @param beta1 in {@code [0, 1)}
     * @return this builder
     */
    public Builder optBeta1(float beta1) {
      this.beta1 = beta1;
      return this;
    }

    /**
     * Sets β₂ (optional, default 0.999).
     *
     * @param beta2 in {@code [0, 1)}
     * @return this builder
     */
    public Builder optBeta2(float beta2) {
      this.beta2 = beta2;
      return this;
    }

    /**
     * Sets ε (optional, default 1e-8).
     *
     * @param epsilon {@code > 0}
     * @return this builder
     */
    public Builder optEpsilon(float epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    /**
     * Builds the optimizer.
     *
     * @return the optimizer
     * @throws IllegalArgumentException if the learning rate is not set or a value is out of range
     */
    public Adam build() {
      return new Adam(this);
    }
  }
}
