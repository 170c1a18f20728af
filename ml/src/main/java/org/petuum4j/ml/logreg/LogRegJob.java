package org.petuum4j.ml.logreg;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.petuum4j.ml.data.LibSvmReader;
import org.petuum4j.ml.data.SparseDataset;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.PsException;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.WorkerProgram;
import org.petuum4j.ps.job.Deployment;
import org.petuum4j.ps.job.EventSink;
import org.petuum4j.ps.job.JobFactory;
import org.petuum4j.ps.job.JobParams;
import org.petuum4j.ps.job.JobResult;
import org.petuum4j.ps.job.JobShape;
import org.petuum4j.ps.job.ProcessContext;

/**
 * Logistic regression as a {@link JobFactory}, so that it runs on any {@link Deployment}: every
 * worker process reads the LibSVM files named in the parameters and runs the same {@link
 * SgdWorker} as {@link LogRegTrainer}; per-epoch metrics and progress come back as events.
 *
 * <p>Parameters: {@code train}, {@code test} (paths), {@code zeroBased}, and the {@link
 * LogRegConfig} fields ({@code staleness} as in {@link Consistency#parseStaleness}, {@code
 * update} ({@code example} or {@code batch}), {@code clocksPerEpoch}, {@code epochs}, {@code batchSize}, {@code batchesPerClock}, {@code learningRate}, {@code decay}, {@code l2}, {@code
 * blockWidth}, {@code seed}, {@code shuffle}, {@code stragglerMillis}, {@code
 * stragglerProbability}); workers and shards come from the deployment. Use {@link #params}
 * to build them and {@link #train} to run.
 *
 * <p>A process given its own data in memory ({@link ProcessContext#input()}: a {@link
 * SparseDataset}, e.g. a Spark partition) trains on that instead of the files; its worker threads
 * share it. Such a job has no test set and needs three more parameters, equal in every process:
 * {@code dimension}, {@code totalRows} (training rows over all processes) and {@code
 * batchesPerEpoch} (see {@link #batchesPerEpoch}).
 */
public final class LogRegJob implements JobFactory {
  private static final String EPOCH = "epoch";
  private static final String PROGRESS = "progress";
  /** Fewest nanoseconds between two progress events of one process. */
  private static final long PROGRESS_INTERVAL_NANOS = 100_000_000L;

  public LogRegJob() {}

  /** The parameters of a job training on {@code train}, evaluating on {@code test}. */
  public static JobParams params(Path train, Path test, boolean zeroBased, LogRegConfig config) {
    return JobParams.builder()
        .put("train", train.toAbsolutePath())
        .put("test", test.toAbsolutePath())
        .put("zeroBased", zeroBased)
        .put("staleness", config.consistency().isBounded() ? Integer.toString(config.consistency().staleness()) : "inf")
        .put("push", config.consistency().model() == Consistency.Model.SSP_PUSH)
        .put("update", config.update().name().toLowerCase(Locale.ROOT))
        .put("clocksPerEpoch", config.clocksPerEpoch())
        .put("epochs", config.epochs())
        .put("batchSize", config.batchSize())
        .put("batchesPerClock", config.batchesPerClock())
        .put("learningRate", config.learningRate())
        .put("decay", config.decay())
        .put("l2", config.l2())
        .put("blockWidth", config.blockWidth())
        .put("seed", config.seed())
        .put("shuffle", config.shuffle())
        .put("stragglerMillis", config.stragglerMillis())
        .put("stragglerProbability", config.stragglerProbability())
        .build();
  }

  /**
   * Trains on {@code deployment}; calls {@code listener} in this thread's process as events
   * arrive.
   */
  public static LogRegModel train(Deployment deployment, JobParams params, TrainingListener listener)
      throws Exception {
    LogRegConfig config = config(params, deployment.shape());
    int dimension = dimension(params);
    JobParams withDimension = params.with("dimension", dimension);
    int width = LogRegTrainer.blockWidth(dimension, config.blockWidth(), config.shards());
    ProgressSum progress = new ProgressSum(listener);
    EventSink sink = new EventSink() {
      @Override
      public void emit(String event) {
        decode(event, progress);
      }

      @Override
      public void note(String message) {
        listener.onNote(message);
      }
    };
    try (JobResult result = deployment.run(LogRegJob.class, withDimension, sink)) {
      return LogRegTrainer.readModel(result::read, dimension, width);
    } catch (PsException e) {
      throw LogRegTrainer.unwrapDivergence(e);
    }
  }

  /**
   * The trained model in the final tables of a job with {@code params} (which name its {@code
   * dimension}) on {@code shape}.
   */
  public static LogRegModel readModel(JobResult result, JobParams params, JobShape shape) {
    LogRegConfig config = config(params, shape);
    int dimension = params.integer("dimension");
    return LogRegTrainer.readModel(result::read, dimension,
        LogRegTrainer.blockWidth(dimension, config.blockWidth(), config.shards()));
  }

  /**
   * The metrics of an event from a worker of this job, or {@code null} for a progress event.
   *
   * @throws IllegalArgumentException if it is not one of this job's events
   */
  public static EpochMetrics epochOf(String event) {
    EpochMetrics[] out = {null};
    decode(event, new TrainingListener() {
      @Override
      public void onEpoch(EpochMetrics m) {
        out[0] = m;
      }
    });
    return out[0];
  }

  /** Yes: {@link SgdWorker} starts at the resumed clock, mid-epoch or at an epoch's end. */
  @Override
  public boolean resumable() {
    return true;
  }

  @Override
  public List<TableSpec> tables(JobParams params, JobShape shape) throws IOException {
    return LogRegTrainer.tables(config(params, shape), dimension(params));
  }

  @Override
  public WorkerProgram program(JobParams params, ProcessContext process) throws IOException {
    LogRegConfig config = config(params, process.shape());
    java.util.Optional<SparseDataset> local = process.input(SparseDataset.class);
    if (local.isPresent()) {
      int dimension = params.integer("dimension");
      int width = LogRegTrainer.blockWidth(dimension, config.blockWidth(), config.shards());
      SparseDataset empty = SparseDataset.fromCsr(new int[1], new int[0], new float[0], new float[0]);
      return new SgdWorker(config, local.get(), empty, dimension, width, params.integer("batchesPerEpoch"),
          encoder(process.events(), process.firstWorker()), process, params.longValue("totalRows"));
    }
    SparseDataset train = read(params, "train");
    SparseDataset test = read(params, "test");
    int dimension = dimension(params);
    int width = LogRegTrainer.blockWidth(dimension, config.blockWidth(), config.shards());
    int batches = SgdWorker.batchesPerEpoch(config, train.rows(), train.nonZeros(), config.workers(), dimension);
    return new SgdWorker(config, train, test, dimension, width, batches,
        encoder(process.events(), process.firstWorker()));
  }

  /**
   * The {@code batchesPerEpoch} parameter of a job with {@code params} whose processes hold their
   * own data: enough mini-batches (or clocks, with the {@code example} update) for the largest
   * worker share, {@code largestProcessRows} rows split over {@code threadsPerProcess} threads,
   * the rows having {@code nonZerosPerRow} non-zeros on average over all processes.
   */
  public static int batchesPerEpoch(JobParams params, long largestProcessRows, int threadsPerProcess,
      double nonZerosPerRow, int dimension) {
    LogRegConfig config = config(params, new JobShape(threadsPerProcess, 1));
    long rows = Math.max(1, largestProcessRows);
    return SgdWorker.batchesPerEpoch(config, rows, Math.round(nonZerosPerRow * rows), threadsPerProcess,
        dimension);
  }

  private static int dimension(JobParams params) throws IOException {
    if (params.has("dimension")) {
      return params.integer("dimension");
    }
    return LogRegTrainer.dimension(read(params, "train"), read(params, "test"));
  }

  static LogRegConfig config(JobParams p, JobShape shape) {
    String staleness = p.string("staleness", "0");
    Consistency c = Consistency.parseStaleness(staleness);
    if (p.bool("push", false) && c.isBounded()) {
      c = Consistency.sspPush(c.staleness());
    }
    LogRegConfig.Update update = update(p.string("update", "example"));
    LogRegConfig.Builder b = LogRegConfig.builder()
        .workers(shape.workers()).shards(shape.shards()).consistency(c)
        .update(update)
        .clocksPerEpoch(p.integer("clocksPerEpoch", 0))
        .epochs(p.integer("epochs", 10))
        .batchSize(p.integer("batchSize", LogRegConfig.DEFAULT_BATCH_SIZE))
        .batchesPerClock(p.integer("batchesPerClock", 1));
    if (p.has("learningRate")) {
      b.learningRate(p.real("learningRate", LogRegConfig.DEFAULT_LEARNING_RATE));
    }
    return b
        .decay(p.real("decay", LogRegConfig.DEFAULT_DECAY))
        .l2(p.real("l2", LogRegConfig.DEFAULT_L2))
        .blockWidth(p.integer("blockWidth", LogRegConfig.DEFAULT_BLOCK_WIDTH))
        .seed(p.longValue("seed", 1))
        .shuffle(p.bool("shuffle", true))
        .stragglerMillis(p.integer("stragglerMillis", 0))
        .stragglerProbability(p.real("stragglerProbability", 1.0))
        .build();
  }

  /**
   * The update mode named {@code name} ({@code example} or {@code batch}, any case).
   *
   * @throws IllegalArgumentException naming the allowed values otherwise
   */
  public static LogRegConfig.Update update(String name) {
    for (LogRegConfig.Update u : LogRegConfig.Update.values()) {
      if (u.name().equalsIgnoreCase(name)) {
        return u;
      }
    }
    throw new IllegalArgumentException("update mode must be example or batch, was '" + name + "'");
  }

  private static SparseDataset read(JobParams p, String key) throws IOException {
    LibSvmReader reader = p.bool("zeroBased", false) ? LibSvmReader.zeroBased() : LibSvmReader.oneBased();
    // Shared: on the embedded deployment the submitting command has usually just read it.
    return reader.readShared(Path.of(p.string(key)));
  }

  /**
   * Turns listener calls into events; progress at most ten times a second per process, tagged
   * with {@code process} (its first worker's id), since each process counts only its own workers'
   * examples.
   */
  static TrainingListener encoder(EventSink sink, int process) {
    return new TrainingListener() {
      private long lastProgress;

      @Override
      public void onEpoch(EpochMetrics m) {
        sink.emit(String.format(Locale.ROOT, "%s %d %s %d %s %s %s", EPOCH, m.epoch(),
            Double.toString(m.seconds()), m.samples(), Double.toString(m.trainLoss()),
            Double.toString(m.testLoss()), Double.toString(m.testError())));
      }

      @Override
      public synchronized void onProgress(int epoch, long done, long total) {
        long now = System.nanoTime();
        if (now - lastProgress >= PROGRESS_INTERVAL_NANOS || done == total) {
          lastProgress = now;
          sink.emit(PROGRESS + " " + epoch + " " + done + " " + total + " " + process);
        }
      }
    };
  }

  /**
   * Sums the progress events of a job's processes into job-wide progress for {@code listener}:
   * each process reports the examples its own workers did in an epoch, so the job's count for
   * epoch {@code e} is the sum of every process's latest count for {@code e}. Other calls pass
   * through.
   */
  static final class ProgressSum implements TrainingListener {
    private final TrainingListener listener;
    private final java.util.Map<Integer, long[]> latest = new java.util.HashMap<>();

    ProgressSum(TrainingListener listener) {
      this.listener = listener;
    }

    /** One process's count for {@code epoch}. */
    void onProgress(int process, int epoch, long done, long total) {
      long sum = 0;
      synchronized (this) {
        latest.put(process, new long[] {epoch, done});
        for (long[] p : latest.values()) {
          if (p[0] == epoch) {
            sum += p[1];
          }
        }
      }
      listener.onProgress(epoch, sum, total);
    }

    @Override
    public void onProgress(int epoch, long done, long total) {
      onProgress(0, epoch, done, total);
    }

    @Override
    public void onEpoch(EpochMetrics m) {
      listener.onEpoch(m);
    }

    @Override
    public void onNote(String message) {
      listener.onNote(message);
    }
  }

  /** Calls {@code listener} for an event made by {@link #encoder}. */
  static void decode(String event, TrainingListener listener) {
    String[] f = event.split(" ");
    switch (f[0]) {
      case EPOCH -> listener.onEpoch(new EpochMetrics(Integer.parseInt(f[1]), Double.parseDouble(f[2]),
          Long.parseLong(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6])));
      case PROGRESS -> {
        if (listener instanceof ProgressSum sum && f.length > 4) {
          sum.onProgress(Integer.parseInt(f[4]), Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
        } else {
          listener.onProgress(Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
        }
      }
      default -> throw new IllegalArgumentException("unknown logistic-regression event '" + event + "'");
    }
  }
}
