package org.petuum4j.ml.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.petuum4j.ml.data.DenseDataset;
import org.petuum4j.ml.data.RegressionDataset;
import org.petuum4j.ml.data.SparseDataset;
import org.petuum4j.ml.dml.DmlModel;
import org.petuum4j.ml.kmeans.KMeansModel;
import org.petuum4j.ml.lasso.LassoModel;
import org.petuum4j.ml.lda.LdaModel;
import org.petuum4j.ml.logreg.LogRegModel;
import org.petuum4j.ml.mf.MfModel;
import org.petuum4j.ml.softmax.SoftmaxModel;

/**
 * Model files written by petuum4j 0.1.0 (format v1 of every app), committed under {@code
 * src/test/resources/compat/}, must keep loading with the same values and predictions, and today's
 * writer must still write them byte for byte: a change of either is a format change, which needs a
 * new format version and a new fixture beside these.
 *
 * <p>The models are built from the constants below rather than trained, so that every value the
 * test asserts is known exactly; they include zeros (which the sparse formats leave out), negative,
 * tiny and non-terminating values, and a large id. The files were written once by {@link
 * #writeFixtures}:
 *
 * <pre>
 * mvn -q -pl ml -am test -Dtest=ModelFormatCompatibilityTest#writeFixtures \
 *     -Dpetuum4j.writeFixtures=true -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class ModelFormatCompatibilityTest {
  static final Path FIXTURES = Path.of("src/test/resources/compat");

  static final float[] LOGREG = {0.5f, 0f, -1.25f, 0f, 0f, 3.0e-7f, 0f, 0.1f, 0f, -2f};
  static final double[] LASSO = {0, 1.5, 0, -0.0625, 0, 0, 2.220446049250313e-16, 1.0 / 3};
  static final double[][] KMEANS = {{0, 0}, {10.5, -3.25}, {1e-3, 7}};
  static final double[][] DML = {{1, 0, 0.5}, {0, -2, 0.25}};
  static final double DML_THRESHOLD = 1.5;
  /** Per class: weights of the 2 features, then the bias. */
  static final double[][] SOFTMAX = {{1, 0, 0}, {0, 1, 0.5}, {-1, -1, 1.0 / 3}};
  static final long[] MF_USERS = {1, 7, 42};
  static final float[] MF_USER_FACTORS = {0.5f, -1.25f, 2f, 0.75f, -0.1f, 1e-6f};
  static final long[] MF_ITEMS = {3, 1_000_000_007L};
  static final float[] MF_ITEM_FACTORS = {1f, 2f, -0.5f, 0.25f};
  static final double MF_MEAN = 3.5;
  static final String[] LDA_VOCAB = {"alpha", "beta", "gamma", "delta"};
  static final int[][] LDA_TOPICS = {{0, 2}, {1}, {0, 1, 2}, {}};
  static final int[][] LDA_COUNTS = {{5, 1}, {7}, {2, 3, 4}, {}};

  static LogRegModel logReg() {
    return new LogRegModel(LOGREG);
  }

  static LassoModel lasso() {
    return new LassoModel(LASSO);
  }

  static KMeansModel kMeans() {
    return new KMeansModel(KMEANS);
  }

  static DmlModel dml() {
    return new DmlModel(DML, DML_THRESHOLD);
  }

  static SoftmaxModel softmax() {
    return new SoftmaxModel(SOFTMAX);
  }

  static MfModel mf() {
    return new MfModel(2, MF_MEAN, MF_USERS, MF_USER_FACTORS, MF_ITEMS, MF_ITEM_FACTORS);
  }

  static LdaModel lda() {
    return new LdaModel(3, 0.1, 0.01, LDA_VOCAB, LDA_TOPICS, LDA_COUNTS);
  }

  @Test
  @EnabledIfSystemProperty(named = "petuum4j.writeFixtures", matches = "true")
  void writeFixtures() throws Exception {
    Files.createDirectories(FIXTURES);
    logReg().save(FIXTURES.resolve("logreg-v1.txt"));
    lasso().save(FIXTURES.resolve("lasso-v1.txt"));
    kMeans().save(FIXTURES.resolve("kmeans-v1.txt"));
    dml().save(FIXTURES.resolve("dml-v1.txt"));
    softmax().save(FIXTURES.resolve("softmax-v1.txt"));
    mf().save(FIXTURES.resolve("mf-v1.txt"));
    lda().save(FIXTURES.resolve("lda-v1.txt"));
  }

  @Test
  void logReg_loadsWeightsAndPredicts() throws Exception {
    LogRegModel m = LogRegModel.load(FIXTURES.resolve("logreg-v1.txt"));
    assertThat(m.dimension()).isEqualTo(10);
    assertThat(m.weights()).containsExactly(LOGREG);
    // x = (1 at 0, 1 at 2, 0.5 at 9): x.w = 0.5 - 1.25 - 1 = -1.75; x = (10^7 at 5, 1 at 7): 3 + 0.1.
    SparseDataset x = SparseDataset.fromCsr(new int[] {0, 3, 5}, new int[] {0, 2, 9, 5, 7},
        new float[] {1, 1, 0.5f, 1e7f, 1}, new float[] {0, 1});
    assertThat(m.margin(x, 0)).isEqualTo(-1.75);
    assertThat(m.probability(x, 0)).isCloseTo(1 / (1 + Math.exp(1.75)), within(1e-15));
    assertThat(m.predict(x, 0)).isZero();
    assertThat(m.margin(x, 1)).isCloseTo(3.1, within(1e-6));
    assertThat(m.predict(x, 1)).isOne();
  }

  @Test
  void lasso_loadsCoefficientsAndPredicts() throws Exception {
    LassoModel m = LassoModel.load(FIXTURES.resolve("lasso-v1.txt"));
    assertThat(m.dimension()).isEqualTo(8);
    assertThat(m.nonZeros()).isEqualTo(4);
    assertThat(m.coefficients()).containsExactly(LASSO);
    // x = (2 at 1, 16 at 3, 3 at 7): 3 - 1 + 1.
    RegressionDataset x = RegressionDataset.fromCsr(new int[] {0, 3}, new int[] {1, 3, 7}, new double[] {2, 16, 3},
        new double[] {0}, 8);
    assertThat(m.predict(x, 0)).isCloseTo(3.0, within(1e-15));
  }

  @Test
  void kMeans_loadsCentresAndAssigns() throws Exception {
    KMeansModel m = KMeansModel.load(FIXTURES.resolve("kmeans-v1.txt"));
    assertThat(m.k()).isEqualTo(3);
    assertThat(m.dimension()).isEqualTo(2);
    for (int c = 0; c < 3; c++) {
      assertThat(m.centre(c)).containsExactly(KMEANS[c]);
    }
    DenseDataset points = DenseDataset.of(2, new double[] {0.1, 0.1, 9, -3, 0.2, 5}, new double[3]);
    assertThat(new int[] {m.assign(points, 0), m.assign(points, 1), m.assign(points, 2)}).containsExactly(0, 1, 2);
  }

  @Test
  void dml_loadsTheMapAndThresholdAndJudgesPairs() throws Exception {
    DmlModel m = DmlModel.load(FIXTURES.resolve("dml-v1.txt"));
    assertThat(m.rank()).isEqualTo(2);
    assertThat(m.dimension()).isEqualTo(3);
    assertThat(m.threshold()).isEqualTo(DML_THRESHOLD);
    assertThat(m.row(0)).containsExactly(DML[0]);
    assertThat(m.row(1)).containsExactly(DML[1]);
    DenseDataset x = DenseDataset.of(3, new double[] {1, 1, 0, 0, 0, 2, 1, 1, 0.4}, new double[3]);
    // x0 - x1 = (1, 1, -2) maps to (0, -2.5); x0 - x2 = (0, 0, -0.4) to (-0.2, -0.1).
    assertThat(m.distance(x, 0, 1)).isCloseTo(6.25, within(1e-12));
    assertThat(m.similar(x, 0, 1)).isFalse();
    assertThat(m.distance(x, 0, 2)).isCloseTo(0.05, within(1e-12));
    assertThat(m.similar(x, 0, 2)).isTrue();
  }

  @Test
  void softmax_loadsWeightsAndBiasesAndPredicts() throws Exception {
    SoftmaxModel m = SoftmaxModel.load(FIXTURES.resolve("softmax-v1.txt"));
    assertThat(m.classes()).isEqualTo(3);
    assertThat(m.dimension()).isEqualTo(2);
    for (int k = 0; k < 3; k++) {
      assertThat(m.row(k)).containsExactly(SOFTMAX[k]);
    }
    // x = (2, 1): scores 2, 1.5 and -3 + 1/3.
    DenseDataset x = DenseDataset.of(2, new double[] {2, 1}, new double[] {0});
    assertThat(m.predict(x, 0)).isZero();
    double z = Math.exp(2) + Math.exp(1.5) + Math.exp(-3 + 1.0 / 3);
    assertThat(m.probabilities(x, 0)).containsExactly(new double[] {Math.exp(2) / z, Math.exp(1.5) / z,
        Math.exp(-3 + 1.0 / 3) / z}, within(1e-15));
  }

  @Test
  void mf_loadsIdsAndFactorsAndPredicts() throws Exception {
    MfModel m = MfModel.load(FIXTURES.resolve("mf-v1.txt"));
    assertThat(m.rank()).isEqualTo(2);
    assertThat(m.mean()).isEqualTo(MF_MEAN);
    assertThat(m.users()).isEqualTo(3);
    assertThat(m.items()).isEqualTo(2);
    assertThat(m.userFactors(42)).containsExactly(-0.1f, 1e-6f);
    assertThat(m.itemFactors(1_000_000_007L)).containsExactly(-0.5f, 0.25f);
    assertThat(m.userFactors(2)).isNull();
    // User 7 (2, 0.75) and item 3 (1, 2): 3.5 + 2 + 1.5.
    assertThat(m.predict(7, 3)).isEqualTo(7.0);
    // User 1 (0.5, -1.25) and item 1000000007 (-0.5, 0.25): 3.5 - 0.25 - 0.3125.
    assertThat(m.predict(1, 1_000_000_007L)).isEqualTo(2.9375);
    assertThat(m.predict(8, 3)).as("an unknown user gets the mean").isEqualTo(MF_MEAN);
  }

  @Test
  void lda_loadsVocabularyCountsAndPriors() throws Exception {
    LdaModel m = LdaModel.load(FIXTURES.resolve("lda-v1.txt"));
    assertThat(m).isEqualTo(lda());
    assertThat(m.numTopics()).isEqualTo(3);
    assertThat(m.numWords()).isEqualTo(4);
    assertThat(m.alpha()).isEqualTo(0.1);
    assertThat(m.beta()).isEqualTo(0.01);
    assertThat(m.word(2)).isEqualTo("gamma");
    assertThat(new long[] {m.topicTotal(0), m.topicTotal(1), m.topicTotal(2)}).containsExactly(7, 10, 5);
    assertThat(m.count(3, 1)).isZero();
    // Topic 1: (n_w1 + beta) / (n_1 + 4 beta) = (0, 7, 3, 0) + 0.01 over 10.04.
    assertThat(m.topicWordDistribution(1)).containsExactly(new double[] {0.01 / 10.04, 7.01 / 10.04, 3.01 / 10.04,
        0.01 / 10.04}, within(1e-15));
    assertThat(m.topWords(0, 2)).containsExactly(0, 2);
  }

  /** Today's writer must write exactly the committed bytes: catches a change of the format on the writing side. */
  @Test
  void todaysWriter_writesTheCommittedBytes(@TempDir Path dir) throws Exception {
    logReg().save(dir.resolve("logreg-v1.txt"));
    lasso().save(dir.resolve("lasso-v1.txt"));
    kMeans().save(dir.resolve("kmeans-v1.txt"));
    dml().save(dir.resolve("dml-v1.txt"));
    softmax().save(dir.resolve("softmax-v1.txt"));
    mf().save(dir.resolve("mf-v1.txt"));
    lda().save(dir.resolve("lda-v1.txt"));
    for (String f : new String[] {"logreg", "lasso", "kmeans", "dml", "softmax", "mf", "lda"}) {
      String name = f + "-v1.txt";
      assertThat(Files.readString(dir.resolve(name))).as(name).isEqualTo(Files.readString(FIXTURES.resolve(name)));
    }
  }
}
