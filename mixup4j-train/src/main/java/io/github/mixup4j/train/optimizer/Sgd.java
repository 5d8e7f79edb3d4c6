package io.github.mixup4j.train.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

/**
 * Stochastic gradient descent with momentum, optional Nesterov momentum and L2 weight decay, with
 * the update of PyTorch's {@code torch.optim.SGD} (dampening 0):
 *
 * <pre>
 * g ← clip(rescaleGrad · ∇w, ±clipGrad) + weightDecay · w
 * v ← μ · v + g                     (v = 0 before the first step, so v₁ = g)
 * d ← nesterov ? g + μ · v : v       (d = g when μ = 0)
 * w ← w − η_t · d
 * </pre>
 *
 * <p>with {@code η_t} from the learning-rate tracker at update count {@code t}. Unlike DJL's {@link
 * ai.djl.training.optimizer.Sgd}, the momentum buffers and counts can be saved and loaded ({@link
 * StatefulOptimizer#saveState}).
 */
public final class Sgd extends StatefulOptimizer {
  private final float momentum;
  private final boolean nesterov;

  private Sgd(Builder builder) {
    super(builder);
    if (!(builder.momentum >= 0 && builder.momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + builder.momentum);
    }
    if (builder.nesterov && builder.momentum == 0) {
      throw new IllegalArgumentException("Nesterov momentum needs momentum > 0, got 0");
    }
    this.momentum = builder.momentum;
    this.nesterov = builder.nesterov;
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
    return "sgd";
  }

  /** {@inheritDoc} */
  @Override
  protected int numBuffers() {
    return momentum > 0 ? 1 : 0;
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
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray g = prepareGradient(grad);
      float wd = getWeightDecay();
      if (wd != 0) {
        g = g.add(weight.mul(wd));
      }
      NDArray d = g;
      if (momentum > 0) {
        NDArray v = state[0];
        v.muli(momentum).addi(g);
        d = nesterov ? g.add(v.mul(momentum)) : v;
      }
      weight.subi(d.mul(lr));
    }
    zeroGradient(weight);
  }

  /** Builds an {@link Sgd}. */
  public static final class Builder extends StatefulOptimizer.BaseBuilder<Builder> {
    private float momentum;
    private boolean nesterov;

    Builder() {}

    /** {@inheritDoc} */
    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Sets the momentum μ (optional, default 0).
     *
     * @param momentum μ in {@code [0, 1)}
     * @return this builder
     */
    public Builder optMomentum(float momentum) {
      this.momentum = momentum;
      return this;
    }

    /**
     * Uses Nesterov momentum (optional, default off; needs momentum {@code > 0}).
     *
     * @param nesterov whether to use Nesterov momentum
     * @return this builder
     */
    public Builder optNesterov(boolean nesterov) {
      this.nesterov = nesterov;
      return this;
    }

    /**
     * Builds the optimizer.
     *
     * @return the optimizer
     * @throws IllegalArgumentException if the learning rate is not set or a value is out of range
     */
    public Sgd build() {
      return new Sgd(this);
    }
  }
}
