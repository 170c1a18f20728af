package org.petuum4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.petuum4j.ml.data.Ratings;
import org.petuum4j.ml.data.RatingsReader;
import org.petuum4j.ml.gen.MfDataGenerator;
import org.petuum4j.ml.mf.MfConfig;
import org.petuum4j.ml.mf.MfJob;
import org.petuum4j.ml.mf.MfListener;
import org.petuum4j.ml.mf.MfModel;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.job.EmbeddedDeployment;

class PetuumMatrixFactorizationTest {
  private static final double NOISE = 0.5;
  private static final int EPOCHS = 20;

  @TempDir
  static Path dir;
  static SparkSession spark;
  static Dataset<Row> train;
  static Dataset<Row> test;
  static Ratings testRatings;
  static MfDataGenerator.Summary planted;
  static PipelineModel fitted;

  @BeforeAll
  static void setUp() throws Exception {
    planted = new MfDataGenerator(400, 300, 4, 40_000, NOISE, 0.1, 3.0, 11)
        .write(dir.resolve("train.tsv"), dir.resolve("test.tsv"), "\t");
    testRatings = RatingsReader.read(dir.resolve("test.tsv"));
    spark = SparkTests.session(PetuumMatrixFactorizationTest.class);
    train = frame(RatingsReader.read(dir.resolve("train.tsv"))).cache();
    test = frame(testRatings).cache();
    fitted = new Pipeline().setStages(new PipelineStage[] {estimator()}).fit(train);
  }

  @AfterAll
  static void tearDown() {
    if (spark != null) {
      spark.stop();
    }
  }

  static Dataset<Row> frame(Ratings r) {
    List<Row> rows = new ArrayList<>();
    for (int k = 0; k < r.size(); k++) {
      rows.add(RowFactory.create((int) r.user(k), (int) r.item(k), r.value(k)));
    }
    return spark.createDataFrame(rows, new StructType().add("user", DataTypes.IntegerType, false)
        .add("item", DataTypes.IntegerType, false).add("rating", DataTypes.FloatType, false));
  }

  private static PetuumMatrixFactorization estimator() {
    return new PetuumMatrixFactorization().setRank(4).setMaxIter(EPOCHS).setNumWorkers(2).setNumShards(2)
        .setStaleness(0).setSeed(5).setColdStartStrategy("drop");
  }

  private static double rmse(Dataset<Row> predictions) {
    return new RegressionEvaluator().setMetricName("rmse").setLabelCol("rating").setPredictionCol("prediction")
        .evaluate(predictions);
  }

  @Test
  void fitInAPipeline_predictsNearTheNoiseLevel() {
    Dataset<Row> out = fitted.transform(test);
    assertThat(out.columns()).containsExactly("user", "item", "rating", "prediction");
    double rmse = rmse(out);
    assertThat(rmse).isLessThan(1.15 * planted.plantedTestRmse());
    PetuumMatrixFactorizationModel model = (PetuumMatrixFactorizationModel) fitted.stages()[0];
    double[] history = model.summary().objectiveHistory();
    assertThat(history).hasSize(EPOCHS);
    assertThat(history[EPOCHS - 1]).isLessThan(history[0]);
    assertThat(model.userFactors().count()).isEqualTo(400);
    assertThat(model.rank()).isEqualTo(4);
  }

  @Test
  void testRmseMatchesTheStandaloneAppOnTheSameData() throws Exception {
    MfConfig c = MfConfig.defaults(MfConfig.Algorithm.SGD).withRank(4).withEpochs(EPOCHS);
    c = new MfConfig(c.algorithm(), c.rank(), c.epochs(), c.learningRate(), c.decay(), c.l2(), Consistency.bsp(),
        c.clocksPerEpoch(), c.initScale(), 5);
    MfModel standalone = MfJob.train(new EmbeddedDeployment(2, 2),
        MfJob.params(dir.resolve("train.tsv"), dir.resolve("test.tsv"), c), MfListener.NONE);
    // The app predicts the mean for unseen ids; compare on the ratings both models know.
    PetuumMatrixFactorizationModel model = (PetuumMatrixFactorizationModel) fitted.stages()[0];
    Dataset<Row> known = model.transform(test);
    double sse = 0;
    List<Row> rows = known.collectAsList();
    for (Row r : rows) {
      double e = standalone.predict(r.getInt(0), r.getInt(1)) - r.getFloat(2);
      sse += e * e;
    }
    double standaloneRmse = Math.sqrt(sse / rows.size());
    assertThat(rmse(known)).isCloseTo(standaloneRmse, within(0.02));
  }

  @Test
  void rotationOfItemBlocks_reachesTheSameQuality() {
    PetuumMatrixFactorizationModel rotation = estimator().setAlgorithm("rotation").setWorkerThreads(2).fit(train);
    double rmse = rmse(rotation.transform(test));
    assertThat(rmse).isLessThan(1.15 * planted.plantedTestRmse());
    assertThat(rmse).isCloseTo(rmse(fitted.transform(test)), within(0.05));
  }

  @Test
  void unknownUsersGetNanOrAreDropped() {
    PetuumMatrixFactorizationModel model = (PetuumMatrixFactorizationModel) fitted.stages()[0];
    Dataset<Row> cold = spark.createDataFrame(List.of(RowFactory.create(1_000_000, 1, 3f),
        RowFactory.create(0, 1_000_000, 3f)), train.schema());
    Dataset<Row> nan = model.copy(new org.apache.spark.ml.param.ParamMap()).setColdStartStrategy("nan")
        .transform(cold);
    assertThat(nan.collectAsList()).allMatch(r -> Float.isNaN(r.getFloat(3)));
    assertThat(model.setColdStartStrategy("drop").transform(cold).count()).isZero();
  }

  @Test
  void savedModelLoadsAndTransformsIdentically() throws Exception {
    PetuumMatrixFactorizationModel model = (PetuumMatrixFactorizationModel) fitted.stages()[0];
    String path = dir.resolve("mf-model").toString();
    model.write().overwrite().save(path);
    PetuumMatrixFactorizationModel loaded = PetuumMatrixFactorizationModel.load(path);
    assertThat(loaded.getColdStartStrategy()).isEqualTo("drop");
    assertThat(loaded.mean()).isEqualTo(model.mean());
    List<Row> a = model.transform(test).orderBy("user", "item").collectAsList();
    List<Row> b = loaded.transform(test).orderBy("user", "item").collectAsList();
    assertThat(b).isEqualTo(a);
  }

  @Test
  void badInput_isNamed() {
    Dataset<Row> doubles = train.withColumn("user", functions.col("user").cast(DataTypes.DoubleType));
    assertThatThrownBy(() -> estimator().fit(doubles)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("userCol 'user' must be a column of integer ids, is double");
    assertThatThrownBy(() -> estimator().setRatingCol("stars").fit(train)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ratingCol 'stars' is not a column of the input");
    assertThatThrownBy(() -> estimator().setCheckpointDir(dir.toString()).setCheckpointEvery(5).fit(train))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PetuumMatrixFactorization cannot checkpoint: its job (MfJob) does not resume from checkpoints; "
            + "unset checkpointDir");
    assertThatThrownBy(() -> estimator().setColdStartStrategy("zero")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("coldStartStrategy must be 'nan' or 'drop', was 'zero'");
  }
}
