package org.petuum4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.petuum4j.ml.data.LibSvmReader;
import org.petuum4j.ml.data.SparseDataset;
import org.petuum4j.ml.gen.LogRegDataGenerator;
import org.petuum4j.ml.logreg.EpochMetrics;
import org.petuum4j.ml.logreg.LogRegConfig;
import org.petuum4j.ml.logreg.LogRegTrainer;
import org.petuum4j.ml.logreg.TrainingListener;
import org.petuum4j.ps.Consistency;

/**
 * Logistic regression at the scale of issue 2's goal: 1M rows x 1M features x 50 non-zeros per
 * row, generated with a fixed seed, 2 embedded workers. Reports LibSVM parsing speed (MB/s, page
 * cache warm: the data was just generated or read), training throughput (examples per second of
 * training time, evaluation excluded) for each batch size asked, and the process's peak resident
 * set ({@code VmHWM} from /proc/self/status).
 *
 * <p>Run it through {@code bench/run-logreg-scale.sh}, which builds the jar and starts the JVM
 * with the heap limit the memory goal is measured at:
 *
 * <pre>
 * bench/run-logreg-scale.sh [data-dir] [epochs] [batch sizes...]
 * </pre>
 */
public final class LogRegScaleBench {
  private LogRegScaleBench() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "data/bench/logreg-1m");
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    List<Integer> batches = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      batches.add(Integer.parseInt(args[i]));
    }
    if (batches.isEmpty()) {
      batches = List.of(1_000, 10_000, 30_000);
    }
    Path train = dir.resolve("train.libsvm");
    Path test = dir.resolve("test.libsvm");
    if (!Files.exists(train) || !Files.exists(test)) {
      Files.createDirectories(dir);
      long t0 = System.nanoTime();
      LogRegDataGenerator.Summary s = LogRegDataGenerator.builder()
          .trainRows(1_000_000).testRows(100_000).features(1_000_000).nonZerosPerRow(50).seed(42)
          .build().write(train, test);
      System.out.printf("generated %s in %.1f s; planted model test error %.4f%n",
          dir, (System.nanoTime() - t0) / 1e9, s.plantedTestError());
    }

    LibSvmReader reader = LibSvmReader.oneBased();
    long bytes = Files.size(train);
    long t0 = System.nanoTime();
    SparseDataset trainSet = reader.read(train);
    double parseSeconds = (System.nanoTime() - t0) / 1e9;
    SparseDataset testSet = reader.read(test);
    System.out.printf("parse: %,d bytes in %.2f s = %.0f MB/s (%,d rows, %,d non-zeros)%n",
        bytes, parseSeconds, bytes / parseSeconds / 1e6, trainSet.rows(), trainSet.nonZeros());

    System.out.println("batch   staleness  epochs  train_s  examples/s  test_error");
    for (int batch : batches) {
      LogRegConfig config = LogRegConfig.builder().update(LogRegConfig.Update.BATCH)
          .workers(2).shards(2).consistency(Consistency.ssp(3)).epochs(epochs).batchSize(batch).seed(1)
          .build();
      EpochMetrics[] last = new EpochMetrics[1];
      new LogRegTrainer(config).train(trainSet, testSet, new TrainingListener() {
        @Override
        public void onEpoch(EpochMetrics m) {
          last[0] = m;
        }
      });
      EpochMetrics m = last[0];
      System.out.printf("%6d   %-9s  %6d  %7.2f  %,10.0f  %10.4f%n",
          batch, config.consistency(), m.epoch(), m.seconds(), m.samples() / m.seconds(), m.testError());
    }
    System.out.println("peak RSS: " + peakRss());
  }

  private static String peakRss() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
        return String.format("%.2f GB", kb / 1024.0 / 1024.0);
      }
    }
    return "unknown (no /proc/self/status)";
  }
}
