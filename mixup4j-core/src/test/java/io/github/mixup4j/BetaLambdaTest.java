package io.github.mixup4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The λ that plans carry follow Beta(α, α): a Kolmogorov–Smirnov test at fixed seeds. */
class BetaLambdaTest {

  @ParameterizedTest(name = "alpha={0}, seed={1}")
  @CsvSource({"0.2, 1", "0.2, 2", "1.0, 1", "1.0, 2", "2.0, 1", "2.0, 2"})
  void mixupLambda_followsBetaAlphaAlpha(double alpha, long seed) {
    Mixup m =
        Mixup.builder()
            .setNumClasses(2)
            .optMixupAlpha(alpha)
            .optPairing(Pairing.REVERSE)
            .optSeed(seed)
            .build();
    int draws = 4000;
    double[] lambdas = new double[draws];
    for (int s = 0; s < draws; s++) {
      lambdas[s] = m.plan(s, 2, 1, 1).lambda(0); // one λ per batch-mode plan
    }
    BetaDistribution beta = new BetaDistribution(null, alpha, alpha);
    KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
    double d = ks.kolmogorovSmirnovStatistic(beta, lambdas);
    double pValue = ks.kolmogorovSmirnovTest(beta, lambdas);
    // At the 0.1% level the critical D for n = 4000 is about 1.95 / sqrt(4000) = 0.031.
    assertTrue(pValue > 0.001, "D = " + d + ", p = " + pValue);
  }

  @ParameterizedTest(name = "alpha={0}")
  @CsvSource({"0.2", "1.0", "2.0"})
  void lambdaOfWrongAlpha_isRejected(double alpha) {
    // The test above can fail: λ drawn with another α is told apart by the same test.
    Mixup m =
        Mixup.builder()
            .setNumClasses(2)
            .optMixupAlpha(alpha * 2)
            .optPairing(Pairing.REVERSE)
            .optSeed(1)
            .build();
    double[] lambdas = new double[4000];
    for (int s = 0; s < lambdas.length; s++) {
      lambdas[s] = m.plan(s, 2, 1, 1).lambda(0);
    }
    double p =
        new KolmogorovSmirnovTest()
            .kolmogorovSmirnovTest(new BetaDistribution(null, alpha, alpha), lambdas);
    assertTrue(p < 0.001, "p = " + p);
  }
}
