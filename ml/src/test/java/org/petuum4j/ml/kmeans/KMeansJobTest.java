package org.petuum4j.ml.kmeans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.petuum4j.ml.data.CsvReader;
import org.petuum4j.ml.data.MalformedDataException;
import org.petuum4j.ml.gen.KMeansDataGenerator;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.job.EmbeddedDeployment;

class KMeansJobTest {
  static final int K = 5;
  static final int D = 4;
  static final double NOISE = 0.5;

  @TempDir static Path data;
  @TempDir Path dir;
  static Path csv;
  static Path svm;
  static KMeansDataGenerator gen;
  static double plantedWcss;

  @BeforeAll
  static void generate() throws IOException {
    gen = new KMeansDataGenerator(3000, K, D, 10, NOISE, 7);
    csv = data.resolve("points.csv");
    svm = data.resolve("points.libsvm");
    plantedWcss = gen.write(csv, true).plantedWcss();
    assertThat(gen.write(svm, false).plantedWcss()).isEqualTo(plantedWcss);
  }

  static KMeansConfig config(Consistency c) {
    return new KMeansConfig(K, c, 5, 50, 3, KMeansConfig.DEFAULT_INIT_SAMPLE);
  }

  @Test
  void twoWorkersUnderSsp_findThePlantedCentres() throws Exception {
    List<KMeansMetrics> epochs = new ArrayList<>();
    KMeansModel m = KMeansJob.train(new EmbeddedDeployment(2, 2),
        KMeansJob.params(csv, true, false, config(Consistency.ssp(2))), epochs::add);

    assertThat(epochs).extracting(KMeansMetrics::epoch).containsExactly(1, 2, 3, 4, 5);
    double[][] planted = gen.centres();
    for (double[] p : planted) {
      double best = Double.POSITIVE_INFINITY;
      for (int c = 0; c < m.k(); c++) {
        best = Math.min(best, distance(p, m.centre(c)));
      }
      assertThat(best).as("distance from planted centre to the nearest found centre").isLessThan(0.1);
    }
    double wcss = epochs.get(4).wcss();
    assertThat(wcss).isBetween(0.97 * plantedWcss, 1.02 * plantedWcss);
    assertThat(m.wcss(CsvReader.read(csv))).isCloseTo(wcss, org.assertj.core.data.Percentage.withPercentage(1e-6));
    assertThat(plantedWcss / (3000.0 * D)).isCloseTo(NOISE * NOISE, org.assertj.core.data.Offset.offset(0.02));
  }

  @Test
  void libSvmAndCsvOfTheSamePoints_giveTheSameCentresWithOneWorker() throws Exception {
    KMeansModel a = KMeansJob.train(new EmbeddedDeployment(1, 1),
        KMeansJob.params(csv, true, false, config(Consistency.bsp())), KMeansListener.NONE);
    KMeansModel b = KMeansJob.train(new EmbeddedDeployment(1, 1),
        KMeansJob.params(svm, false, false, config(Consistency.bsp())), KMeansListener.NONE);
    for (int c = 0; c < K; c++) {
      assertThat(b.centre(c)).containsExactly(a.centre(c));
    }
  }

  @Test
  void kMeansPlusPlus_isSeededAndPicksDataRowsFromDistinctClusters() throws IOException {
    var points = CsvReader.read(csv);
    double[][] a = KMeansWorker.kMeansPlusPlus(points, K, 1000, 11);
    assertThat(KMeansWorker.kMeansPlusPlus(points, K, 1000, 11)).isDeepEqualTo(a);
    KMeansModel init = new KMeansModel(a);
    // Each initial centre's nearest planted centre is a different one.
    double[][] planted = gen.centres();
    assertThat(java.util.Arrays.stream(a).mapToInt(c -> nearest(planted, c)).distinct().count()).isEqualTo(K);
    assertThat(init.wcss(points)).isGreaterThan(plantedWcss);
  }

  @Test
  void malformedCsv_namesFileAndLine() throws IOException {
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "1,2\n# comment\n3,4\n5,x\n");
    assertThatThrownBy(() -> KMeansJob.train(new EmbeddedDeployment(1, 1),
        KMeansJob.params(bad, true, false, config(Consistency.bsp())), KMeansListener.NONE))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(bad + ":4: field 2 'x' is not a finite decimal number in line '5,x'");
    Files.writeString(bad, "1,2\n3\n");
    assertThatThrownBy(() -> CsvReader.read(bad)).hasMessageStartingWith(bad + ":2: expected 2 fields");
  }

  @Test
  void moreClustersThanRows_isRejected() throws IOException {
    Path small = dir.resolve("small.csv");
    Files.writeString(small, "1,2\n3,4\n");
    assertThatThrownBy(() -> KMeansJob.train(new EmbeddedDeployment(1, 1),
        KMeansJob.params(small, true, false, config(Consistency.bsp())), KMeansListener.NONE))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("k = 5 exceeds the 2 rows of the data");
  }

  @Test
  void model_roundTripsAndRejectsMalformedFiles() throws IOException {
    KMeansModel m = new KMeansModel(new double[][] {{1.5, -2}, {0.1, 1e-300}});
    Path f = dir.resolve("m.txt");
    m.save(f);
    KMeansModel back = KMeansModel.load(f);
    assertThat(back.centre(1)).containsExactly(0.1, 1e-300);
    assertThat(back.centre(0)).containsExactly(1.5, -2);
    Files.writeString(f, "petuum4j-kmeans v1\nk 2\ndimension 2\n1 2\n3\n");
    assertThatThrownBy(() -> KMeansModel.load(f)).isInstanceOf(MalformedDataException.class)
        .hasMessage(f + ":5: expected 2 numbers, found 1 in line '3'");
  }

  static double distance(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += (a[j] - b[j]) * (a[j] - b[j]);
    }
    return Math.sqrt(s);
  }

  static int nearest(double[][] centres, double[] p) {
    int best = 0;
    for (int c = 1; c < centres.length; c++) {
      if (distance(centres[c], p) < distance(centres[best], p)) {
        best = c;
      }
    }
    return best;
  }
}
