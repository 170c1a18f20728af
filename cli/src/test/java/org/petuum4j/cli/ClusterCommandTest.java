package org.petuum4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --cluster}: on launched child processes, on a cluster started by hand, and bad specs. */
class ClusterCommandTest {
  @TempDir static Path data;
  @TempDir Path dir;
  static Path train;
  static Path test;

  @BeforeAll
  static void generate() {
    train = data.resolve("train.libsvm");
    test = data.resolve("test.libsvm");
    MainTest.generateLogReg(train, test, 6000, 300, 5);
  }

  private static MainTest.Run train(String... extra) {
    return MainTest.run(List.of("train", "logreg", "--train", train.toString(), "--test",
        test.toString(), "--epochs", "4", "--workers", "2", "--shards", "2", "--staleness", "1"), extra);
  }

  private static double finalTestError(MainTest.Run r) {
    Matcher m = Pattern.compile("(?m)^\\s+4\\s+\\S+\\s+\\S+\\s+\\S+\\s+(\\S+)$").matcher(r.out());
    assertThat(m.find()).as(r.out()).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void localCluster_reachesTheEmbeddedTestError() {
    MainTest.Run embedded = train();
    MainTest.Run cluster = train("--cluster", "local:2,2", "--model", dir.resolve("model.txt").toString());
    assertThat(embedded.code()).as(embedded.err()).isZero();
    assertThat(cluster.code()).as(cluster.err()).isZero();
    assertThat(finalTestError(cluster)).isCloseTo(finalTestError(embedded), org.assertj.core.data.Offset.offset(0.01));
    assertThat(finalTestError(cluster)).isLessThan(0.35);
    assertThat(dir.resolve("model.txt")).exists();
  }

  @Test
  void kmeansAndDml_runOnALocalCluster() {
    Path points = dir.resolve("points.csv");
    MainTest.Run g = MainTest.run("datagen", "kmeans", "--rows", "6000", "--k", "4", "--dimension", "5", "--seed", "3",
        "--out", points.toString());
    assertThat(g.code()).as(g.err()).isZero();
    double planted = Double.parseDouble(g.out().replaceAll("(?s).*planted WCSS: ([0-9.]+).*", "$1"));
    MainTest.Run km = MainTest.run("train", "kmeans", "--data", points.toString(), "--k", "4", "--epochs", "3",
        "--workers", "2", "--cluster", "local:1,2");
    assertThat(km.code()).as(km.err()).isZero();
    Matcher last = Pattern.compile("(?m)^\\s+3\\s+\\S+\\s+(\\S+)").matcher(km.out());
    assertThat(last.find()).as(km.out()).isTrue();
    assertThat(Double.parseDouble(last.group(1))).isCloseTo(planted, org.assertj.core.data.Percentage.withPercentage(3));

    Path dmlTrain = dir.resolve("dml-train.libsvm");
    Path dmlTest = dir.resolve("dml-test.libsvm");
    assertThat(MainTest.run("datagen", "dml", "--rows", "2000", "--test-rows", "500", "--seed", "5", "--out",
        dmlTrain.toString(), "--test-out", dmlTest.toString()).code()).isZero();
    MainTest.Run dml = MainTest.run("train", "dml", "--train", dmlTrain.toString(), "--test", dmlTest.toString(),
        "--epochs", "6", "--workers", "2", "--cluster", "local:1,2");
    assertThat(dml.code()).as(dml.err()).isZero();
    Matcher acc = Pattern.compile("held-out pair accuracy: ([0-9.]+) learned").matcher(dml.out());
    assertThat(acc.find()).as(dml.out()).isTrue();
    assertThat(Double.parseDouble(acc.group(1))).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void ldaRotation_runsOnALocalCluster_andCheckpoints() {
    Path docword = dir.resolve("docword.txt");
    Path vocab = dir.resolve("vocab.txt");
    assertThat(MainTest.run("datagen", "lda", "--docs", "300", "--words", "120", "--topics", "4", "--doc-length", "60",
        "--seed", "5", "--out", docword.toString(), "--vocab-out", vocab.toString()).code()).isZero();
    MainTest.Run r = MainTest.run("train", "lda", "--data", docword.toString(), "--vocab", vocab.toString(),
        "--topics", "4", "--iterations", "20", "--eval-every", "10", "--algorithm", "rotation", "--workers", "2",
        "--cluster", "local:1,2", "--checkpoint-every", "10", "--checkpoint-dir", dir.resolve("ckpt").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("(?m)^\\s+20\\s").contains("topic 3 (");
    assertThat(dir.resolve("ckpt/ckpt-000000040")).isDirectory();
  }

  @Test
  void matrixFactorization_bothAlgorithms_runOnALocalCluster() {
    Path ratings = dir.resolve("ratings.csv");
    Path held = dir.resolve("held.csv");
    assertThat(MainTest.run("datagen", "mf", "--users", "300", "--items", "200", "--rank", "3", "--ratings", "24000",
        "--noise", "0.5", "--seed", "5", "--format", "csv", "--out", ratings.toString(), "--test-out",
        held.toString()).code()).isZero();
    for (String algorithm : List.of("sgd", "rotation")) {
      MainTest.Run r = MainTest.run("train", "mf", "--train", ratings.toString(), "--test", held.toString(),
          "--rank", "3", "--epochs", "20", "--algorithm", algorithm, "--workers", "2", "--cluster", "local:1,2");
      assertThat(r.code()).as(r.err()).isZero();
      Matcher last = Pattern.compile("(?m)^\\s+20\\s+\\S+\\s+\\S+\\s+(\\S+)").matcher(r.out());
      assertThat(last.find()).as(r.out()).isTrue();
      // Held-out RMSE within 10% of the noise level.
      assertThat(Double.parseDouble(last.group(1))).as(r.out()).isLessThan(0.55);
    }
  }

  @Test
  void clusterStartedByHand_fromASpecFile_runsTheJobAndEveryProcessExitsCleanly() throws Exception {
    Path secret = dir.resolve("cluster.secret");
    Files.writeString(secret, "a-test-secret-of-enough-length\n");
    Path spec = dir.resolve("cluster.yaml");
    Files.writeString(spec, String.join("\n",
        "coordinator: {host: localhost, port: " + freePort() + "}",
        "servers:",
        "  - {host: 127.0.0.1, port: " + freePort() + "}",
        "workers:",
        "  - {host: localhost}",
        "  - {host: 127.0.0.1}",
        "secret-file: cluster.secret",
        "heartbeat-timeout-ms: 4000",
        ""));
    List<CompletableFuture<MainTest.Run>> nodes = List.of(
        CompletableFuture.supplyAsync(() -> MainTest.run("coordinator", "--cluster", spec.toString())),
        CompletableFuture.supplyAsync(() -> MainTest.run("server", "--cluster", spec.toString(), "--index", "0")),
        CompletableFuture.supplyAsync(() -> MainTest.run("worker", "--cluster", spec.toString(), "--index", "0")),
        CompletableFuture.supplyAsync(() -> MainTest.run("worker", "--cluster", spec.toString(), "--index", "1")));
    MainTest.Run r = train("--cluster", spec.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(finalTestError(r)).isLessThan(0.35);
    for (CompletableFuture<MainTest.Run> n : nodes) {
      MainTest.Run node = n.get(20, TimeUnit.SECONDS);
      assertThat(node.code()).as(node.err()).isZero();
    }
  }

  @Test
  void badClusterValues_areOneLineUsageErrors() throws IOException {
    assertUsage(train("--cluster", "local:0,2"), "S (server processes) must be an integer 1-256, was '0'");
    assertUsage(train("--cluster", "local:2"), "needs two counts");
    assertUsage(train("--cluster", "local:1,3"), "--workers 2 is fewer than the cluster's 3 worker processes");
    assertUsage(train("--cluster", dir.resolve("none.yaml").toString()), "there is no file");
    Path spec = dir.resolve("bad.yaml");
    Files.writeString(spec, "coordinator: {host: localhost, port: 99999}\nservers: [{host: a, port: 1}]\nworkers: [{host: b}]\n");
    assertUsage(train("--cluster", spec.toString()), spec + ": coordinator.port must be an integer 1-65535, was 99999");
    Files.writeString(spec, "coordinator: {host: localhost, port: 7000}\nservers: [{host: a, port: 1}]\nworkrs: [{host: b}]\n");
    assertUsage(train("--cluster", spec.toString()), "unknown key 'workrs'");
    assertUsage(MainTest.run("server", "--cluster", spec.toString(), "--index", "0"), "unknown key 'workrs'");
  }

  private static void assertUsage(MainTest.Run r, String message) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).startsWith("petuum4j: ").contains(message);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
