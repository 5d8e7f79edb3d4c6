package io.github.mixup4j;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Several planners in one run, one of them chosen per batch with fixed probabilities: member m of
 * weight wₘ plans the batch with probability wₘ / Σⱼ wⱼ. DeiT's recipe (Touvron et al., ICML 2021,
 * <a href="https://arxiv.org/abs/2012.12877">arXiv:2012.12877</a>) is two members, Mixup with α =
 * 0.8 and CutMix with α = 1.0, half and half; any list of planners and weights is allowed.
 *
 * <pre>{@code
 * MixChoice deit = MixChoice.builder()
 *     .add(Mixup.builder().setNumClasses(10).optMixupAlpha(0.8).build(), 1)
 *     .add(Mixup.builder().setNumClasses(10).optMixupAlpha(0).optCutmixAlpha(1.0).build(), 1)
 *     .optSeed(42)
 *     .build();
 * MixPlan plan = deit.plan(step, batchSize, 32, 32);   // a Mixup plan or a CutMix plan
 * }</pre>
 *
 * <p><b>Draws.</b> Plan {@code step} is drawn from one stream derived from (this planner's seed,
 * {@code step}): its first number u ∈ [0, 1) picks the member (the first m with u &lt; (w₀ + … +
 * wₘ) / Σ w), its second seeds, together with the chosen member's own {@link AbstractPlanner#seed()
 * seed}, a fresh stream on which the member draws its plan as it always does (partners, λ, boxes).
 * So the choice does not depend on the member's draws, and the plan stays a pure function of the
 * seeds and the step (a resumed run, or steps asked out of order, give the same plans). The
 * member's plan has the member's distribution, but is not the plan the member alone would give for
 * that step: its stream is not the member's own.
 *
 * <p><b>Per batch, or per shard.</b> {@link #plan(long, int, int, int)} chooses once for the whole
 * batch, as timm's {@code Mixup} switches between Mixup and CutMix in its {@code batch} mode.
 * {@link #plan(long, int, int, int, int) plan(…, shards)} chooses once per shard, each shard on its
 * own stream, as a per-batch λ is per shard: this is what DeiT does on several GPUs, where every
 * process seeds its own generator ({@code seed + rank}) and so chooses for its own part of the
 * batch.
 *
 * <p>All members must make the same targets: the same number of classes and the same label
 * smoothing. {@link #makesBoxes()} is true if any member's is. Members that erase boxes ({@link
 * Cutout}) must share one fill value, which every plan of this planner carries (a plan without
 * Cutout boxes does not read it), so that shards planned by different members can be joined into
 * one plan.
 */
public final class MixChoice extends AbstractPlanner {
  private static final long SALT = 0x63686F696365L; // "choice"
  private static final long MEMBER_SALT = 0x6D656D626572L; // "member"

  private final List<Member> members;
  private final double[] cumulative;
  private final int numClasses;
  private final double labelSmoothing;
  private final boolean makesBoxes;
  private final float fill;

  /**
   * One member of a choice: a planner and its weight.
   *
   * @param planner the planner
   * @param weight its weight, a finite number &gt; 0
   */
  public record Member(MixPlanner planner, double weight) {}

  private MixChoice(Builder b, float fill) {
    super(b.seed, SALT);
    members = List.copyOf(b.members);
    double total = 0;
    for (Member m : members) {
      total += m.weight;
    }
    cumulative = new double[members.size()];
    double sum = 0;
    for (int i = 0; i < cumulative.length; i++) {
      sum += members.get(i).weight;
      cumulative[i] = sum / total;
    }
    cumulative[cumulative.length - 1] = 1.0; // rounding never leaves a u ∈ [0, 1) unassigned
    MixPlanner first = members.get(0).planner;
    numClasses = first.numClasses();
    labelSmoothing = first.labelSmoothing();
    makesBoxes = members.stream().anyMatch(m -> m.planner.makesBoxes());
    this.fill = fill;
  }

  /**
   * Starts a builder: no members, seed 0.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The members in the order they were added.
   *
   * @return an unmodifiable list
   */
  public List<Member> members() {
    return members;
  }

  /**
   * The probability that member i plans a batch (or a shard): wᵢ / Σ w.
   *
   * @param i the member's index, in the order of {@link Builder#add(MixPlanner, double)}
   * @return the probability
   * @throws IndexOutOfBoundsException if there is no member i
   */
  public double probability(int i) {
    Checks.index(i, members.size());
    return cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]);
  }

  /**
   * The members' number of classes, which they share.
   *
   * @return K, or 0 if the members were made without classes
   */
  @Override
  public int numClasses() {
    return numClasses;
  }

  /**
   * The members' label smoothing, which they share.
   *
   * @return ε
   */
  @Override
  public double labelSmoothing() {
    return labelSmoothing;
  }

  /**
   * Whether any member's plans can hold boxes or masks.
   *
   * @return true if some member's can
   */
  @Override
  public boolean makesBoxes() {
    return makesBoxes;
  }

  /**
   * Whether plans need the labels: true with {@link Pairing#CLASS_BALANCED}.
   *
   * @return whether the labels are needed
   */
  @Override
  public boolean needsLabels() {
    return members.stream().anyMatch(m -> m.planner.needsLabels());
  }

  /**
   * The value erased (Cutout) boxes get: the erasing members' common fill, 0 if none erases.
   *
   * @return the fill
   */
  public float fill() {
    return fill;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("MixChoice[");
    for (int i = 0; i < members.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(probability(i)).append(" × ");
      sb.append(members.get(i).planner);
    }
    return sb.append(", seed=").append(seed()).append(']').toString();
  }

  /** Index of the member that u ∈ [0, 1) picks. */
  private int pick(double u) {
    int i = 0;
    while (u >= cumulative[i]) {
      i++;
    }
    return i;
  }

  /**
   * Whether plans need the images: true if any member's do ({@link SaliencyMix}).
   *
   * @return whether the images are needed
   */
  @Override
  public boolean needsImages() {
    return members.stream().anyMatch(m -> m.planner.needsImages());
  }

  @Override
  MixPlan sample(UniformRandomProvider rng, int n, int[] labels, int height, int width) {
    return sample(rng, n, labels, null, 0, height, width);
  }

  @Override
  MixPlan sample(
      UniformRandomProvider rng,
      int n,
      int[] labels,
      float[] images,
      int channels,
      int height,
      int width) {
    int chosen = pick(rng.nextDouble());
    AbstractPlanner member = (AbstractPlanner) members.get(chosen).planner;
    MixPlan p =
        member.sample(
            Seeds.stream(member.seed(), rng.nextLong(), MEMBER_SALT),
            n,
            labels,
            images,
            channels,
            height,
            width);
    if (Float.compare(p.fill, fill) == 0) {
      return p;
    }
    // Only CUTOUT samples read the fill: a plan without them takes this planner's fill, so that
    // joined shards (which carry the first shard's fill) erase with the one the members share.
    MixKind[] kinds = new MixKind[n];
    int[] partners = new int[n];
    double[] lambdas = new double[n];
    Box[] boxes = new Box[n];
    for (int i = 0; i < n; i++) {
      kinds[i] = p.kind(i);
      if (kinds[i] == MixKind.CUTOUT) {
        throw new IllegalStateException(
            "member " + chosen + " erased a box with fill " + p.fill + ", expected " + fill);
      }
      partners[i] = p.partner(i);
      lambdas[i] = p.lambda(i);
      boxes[i] = p.box(i);
    }
    return new MixPlan(
        height, width, numClasses, labelSmoothing, kinds, partners, lambdas, boxes, fill, p.masks);
  }

  /** The fill of the boxes a planner erases, or null if it erases none. */
  private static Float erasingFill(MixPlanner p) {
    if (p instanceof Cutout c) {
      return c.fill();
    }
    if (p instanceof MixChoice c && c.erases()) {
      return c.fill;
    }
    return null;
  }

  private boolean erases() {
    return members.stream().anyMatch(m -> erasingFill(m.planner) != null);
  }

  // ------------------------------------------------------------------ builder

  /** Builds a {@link MixChoice}; at least one member is required. */
  public static final class Builder {
    private final List<Member> members = new ArrayList<>();
    private long seed;

    private Builder() {}

    /**
     * Adds a member: a planner and its weight. A member's probability is its weight over the sum of
     * all weights, so weights need not sum to 1 ({@code add(a, 1).add(b, 1)} is half and half).
     *
     * @param planner the planner (a {@link Mixup}, {@link Cutout}, or another {@link MixChoice})
     * @param weight a finite number &gt; 0
     * @return this builder
     * @throws IllegalArgumentException if the planner is null or the weight is not finite and
     *     positive
     */
    public Builder add(MixPlanner planner, double weight) {
      Checks.notNull("planner", planner);
      if (!(weight > 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException(
            "weight = "
                + weight
                + " of member "
                + members.size()
                + ": expected a finite number > 0");
      }
      members.add(new Member(planner, weight));
      return this;
    }

    /**
     * Sets the seed of the choice (default 0); each member's draws derive from it and the member's
     * own seed.
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Checks the members and builds the planner.
     *
     * @return the planner
     * @throws IllegalArgumentException if there is no member, the members' numbers of classes or
     *     label smoothings differ, or erasing members have different fills (the message names the
     *     members and both values)
     */
    public MixChoice build() {
      if (members.isEmpty()) {
        throw new IllegalArgumentException("no members: call add(planner, weight) at least once");
      }
      MixPlanner first = members.get(0).planner;
      Float fill = null;
      int filler = -1;
      for (int i = 0; i < members.size(); i++) {
        MixPlanner p = members.get(i).planner;
        if (p.numClasses() != first.numClasses()) {
          throw new IllegalArgumentException(
              disagree("numClasses", i, p.numClasses(), 0, first.numClasses(), TARGETS));
        }
        if (Double.compare(p.labelSmoothing(), first.labelSmoothing()) != 0) {
          throw new IllegalArgumentException(
              disagree(
                  "labelSmoothing", i, p.labelSmoothing(), 0, first.labelSmoothing(), TARGETS));
        }
        Float f = erasingFill(p);
        if (f != null && fill != null && Float.compare(f, fill) != 0) {
          throw new IllegalArgumentException(
              disagree(
                  "fill",
                  i,
                  f,
                  filler,
                  fill,
                  "expected one fill for all erasing (Cutout) members, as a plan carries one"));
        }
        if (f != null && fill == null) {
          fill = f;
          filler = i;
        }
      }
      return new MixChoice(this, fill == null ? 0f : fill);
    }

    private static final String TARGETS =
        "expected all members to make the same targets (classes and label smoothing)";

    private static String disagree(
        String what, int i, Object value, int j, Object other, String expected) {
      return what
          + " = "
          + value
          + " of member "
          + i
          + " but "
          + other
          + " of member "
          + j
          + ": "
          + expected;
    }
  }
}
