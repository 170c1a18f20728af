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
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.petuum4j.ml.data.RegressionDataset;
import org.petuum4j.ml.gen.LassoDataGenerator;
import org.petuum4j.ml.lasso.LassoConfig;
import org.petuum4j.ml.lasso.LassoListener;
import org.petuum4j.ml.lasso.LassoModel;
import org.petuum4j.ml.lasso.LassoTrainer;

class PetuumLassoTest {
  private static final double LAMBDA = 0.005;
  private static final int FEATURES = 60;
  private static final int P = 4;
  private static final int SWEEPS = 100;

  @TempDir
  static Path dir;
  static SparkSession spark;
  static RegressionDataset data;
  static Dataset<Row> frame;
  static PipelineModel fitted;
  /** The embedded run's objective, converged: round-robin for far more rounds than the fits get. */
  static double embeddedOptimum;

  @BeforeAll
  static void setUp() {
    data = LassoDataGenerator.builder().rows(300).features(FEATURES).nonZerosPerRow(10).correlatedGroups(0)
        .support(15).seed(11).build().generate();
    spark = SparkTests.session(PetuumLassoTest.class);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < data.rows(); i++) {
      int from = data.rowStart(i);
      int to = data.rowEnd(i);
      int[] idx = new int[to - from];
      double[] val = new double[to - from];
      for (int k = from; k < to; k++) {
        idx[k - from] = data.col(k);
        val[k - from] = data.value(k);
      }
      rows.add(RowFactory.create(data.target(i), Vectors.sparse(FEATURES, idx, val)));
    }
    frame = spark.createDataFrame(rows, new StructType().add("label", DataTypes.DoubleType, false)
        .add("features", SQLDataTypes.VectorType(), false)).cache();
    fitted = new Pipeline().setStages(new PipelineStage[] {estimator()}).fit(frame);
    embeddedOptimum = new LassoTrainer(LassoConfig.builder().lambda(LAMBDA).workers(2)
        .schedule(LassoConfig.Schedule.ROUND_ROBIN).parallelism(P).rounds(4 * SWEEPS * FEATURES / P).build())
        .train(data, LassoListener.NONE).objective(data, LAMBDA);
  }

  @ParameterizedTest
  @EnumSource(LassoConfig.Schedule.class)
  void eachScheduler_reachesTheEmbeddedObjectiveWithinOneInAMillion(LassoConfig.Schedule schedule) {
    PetuumLassoModel m = estimator().setScheduler(schedule.cliName()).setPipelineDepth(2).fit(frame);
    double f = new LassoModel(m.coefficients().toArray()).objective(data, LAMBDA);
    assertThat((f - embeddedOptimum) / embeddedOptimum).as("%s: %s vs %s", schedule, f, embeddedOptimum)
        .isBetween(-1e-6, 1e-6);
    assertThat(m.summary().objectiveHistory()).hasSize(SWEEPS + 1);
  }

  @AfterAll
  static void tearDown() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static PetuumLasso estimator() {
    return new PetuumLasso().setRegParam(LAMBDA).setParallelism(P).setMaxIter(SWEEPS).setNumWorkers(2)
        .setNumShards(2);
  }

  private static PetuumLassoModel model() {
    return (PetuumLassoModel) fitted.stages()[0];
  }

  @Test
  void objectiveMatchesTheStandaloneAppOnTheSameData() {
    int rounds = SWEEPS * (FEATURES / P);
    LassoModel standalone = new LassoTrainer(LassoConfig.builder().lambda(LAMBDA).workers(2).shards(2)
        .schedule(LassoConfig.Schedule.ROUND_ROBIN).parallelism(P).rounds(rounds).tolerance(0).seed(5).build())
        .train(data, LassoListener.NONE);
    double expected = standalone.objective(data, LAMBDA);
    LassoModel spark = new LassoModel(model().coefficients().toArray());
    assertThat(spark.objective(data, LAMBDA)).isCloseTo(expected, within(1e-6 * expected));
    assertThat(spark.nonZeros()).isEqualTo(standalone.nonZeros()).isBetween(10, 40);
    double[] history = model().summary().objectiveHistory();
    assertThat(history).hasSize(SWEEPS + 1);
    assertThat(history[SWEEPS]).isCloseTo(expected, within(1e-6 * expected));
    assertThat(history[0]).isGreaterThan(history[1]);
  }

  @Test
  void transform_predictsTheDotProduct() {
    List<Row> out = fitted.transform(frame).select("features", "prediction").limit(20).collectAsList();
    double[] b = model().coefficients().toArray();
    for (Row r : out) {
      Vector x = r.getAs(0);
      double expected = 0;
      for (int j = 0; j < FEATURES; j++) {
        expected += x.apply(j) * b[j];
      }
      assertThat(r.getDouble(1)).isCloseTo(expected, within(1e-9));
    }
  }

  @Test
  void savedModelLoadsAndTransformsIdentically() throws Exception {
    String path = dir.resolve("lasso-model").toString();
    model().write().overwrite().save(path);
    PetuumLassoModel loaded = PetuumLassoModel.load(path);
    assertThat(loaded.coefficients()).isEqualTo(model().coefficients());
    assertThat(loaded.transform(frame).select("prediction").collectAsList())
        .isEqualTo(model().transform(frame).select("prediction").collectAsList());
    String pipelinePath = dir.resolve("lasso-pipeline").toString();
    fitted.write().overwrite().save(pipelinePath);
    assertThat(PipelineModel.load(pipelinePath).transform(frame).select("prediction").collectAsList())
        .isEqualTo(model().transform(frame).select("prediction").collectAsList());
  }

  @Test
  void estimatorSavesAndLoadsItsParams() throws Exception {
    String path = dir.resolve("lasso-estimator").toString();
    PetuumLasso e = estimator().setCheckpointEvery(0).setStaleness(-1);
    e.write().overwrite().save(path);
    PetuumLasso loaded = PetuumLasso.load(path);
    assertThat(loaded.uid()).isEqualTo(e.uid());
    assertThat(loaded.getRegParam()).isEqualTo(LAMBDA);
    assertThat(loaded.getParallelism()).isEqualTo(P);
    assertThat(loaded.getScheduler()).isEqualTo("roundrobin");
    assertThat(loaded.getNumWorkers()).isEqualTo(2);
    assertThat(loaded.getStaleness()).isEqualTo(-1);
    assertThat(loaded.getCheckpointDir()).isNull();
  }

  @Test
  void badParams_areNamed() {
    assertThatThrownBy(() -> estimator().setRegParam(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("regParam must be a finite number > 0, was 0.0");
    assertThatThrownBy(() -> estimator().setScheduler("fifo")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown scheduler 'fifo'");
    assertThatThrownBy(() -> estimator().setLabelCol("y").fit(frame)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("labelCol 'y' is not a column of the input");
    assertThatThrownBy(() -> estimator().setNumWorkers(1).setNumShards(2).fit(frame))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("numShards 2 exceeds the 1 barrier tasks");
  }
}
