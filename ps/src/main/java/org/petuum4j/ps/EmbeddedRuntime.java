package org.petuum4j.ps;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.petuum4j.ps.checkpoint.CheckpointOptions;
import org.petuum4j.ps.checkpoint.CheckpointStore;
import org.petuum4j.ps.checkpoint.Checkpointing;
import org.petuum4j.ps.checkpoint.ProcessCheckpoints;
import org.petuum4j.ps.client.LocalWorkers;
import org.petuum4j.ps.client.PsClient;
import org.petuum4j.ps.server.InProcessTransport;
import org.petuum4j.ps.server.ServerShard;
import org.petuum4j.ps.transport.RowPartitioner;

/**
 * The embedded deployment: N worker threads and M server shards in this JVM, talking through the
 * in-process transport. The default way to run every app and test.
 *
 * <pre>{@code
 * try (EmbeddedRuntime rt = EmbeddedRuntime.builder()
 *     .workers(4).shards(2)
 *     .table(TableSpec.builder("w").dense(ValueType.FLOAT).rows(1).width(100)
 *         .consistency(Consistency.ssp(2)).build())
 *     .build()) {
 *   rt.run(ctx -> {
 *     Table w = ctx.table("w");
 *     for (int i = 0; i < 10; i++) {
 *       w.inc(0, ctx.workerId(), 1.0);
 *       ctx.clock();
 *     }
 *   });
 *   Row result = rt.read("w", 0);
 * }
 * }</pre>
 *
 * <p>A runtime runs one job: {@link #run(WorkerProgram)} may be called once. Every worker must
 * call {@link WorkerContext#barrier()} the same number of times. When a worker finishes, its
 * buffered increments are sent and it no longer holds back other workers' clocks.
 */
public final class EmbeddedRuntime implements AutoCloseable {
  private final int workers;
  private final List<TableSpec> tables;
  private final List<ServerShard> shards;
  private final PsClient client;
  private final Checkpointing checkpointing;
  private boolean ran;

  private EmbeddedRuntime(Builder b) {
    this.workers = b.workers;
    this.tables = List.copyOf(b.tables);
    List<ServerShard> s = new ArrayList<>();
    for (int i = 0; i < b.shards; i++) {
      s.add(new ServerShard(i, tables, workers));
    }
    this.shards = List.copyOf(s);
    this.client = new PsClient(0, 0, workers, workers, tables, new InProcessTransport(shards), b.options);
    this.checkpointing = b.checkpoints == null ? Checkpointing.NONE : checkpoints(b);
  }

  private Checkpointing checkpoints(Builder b) {
    CheckpointStore store = b.checkpoints.store();
    CheckpointStore.Checkpoint from = null;
    try {
      if (b.checkpoints.resume()) {
        from = store.latest(b.app, tables, workers, b.warnings).orElse(null);
        if (from != null) {
          for (String f : from.shardFiles()) {
            for (ServerShard s : shards) {
              try (DataInputStream in = new DataInputStream(new BufferedInputStream(from.open(f)))) {
                s.restore(in, shards.size(), from.clock());
              }
            }
          }
          b.warnings.accept("resuming from checkpoint " + from.dir() + " at clock " + from.clock());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoints in " + store.dir(), e);
    }
    return new ProcessCheckpoints(store, b.checkpoints.every(), workers, from, (clock, workerFiles) -> {
      Map<String, String> files = new HashMap<>(workerFiles);
      for (ServerShard s : shards) {
        String name = "shard-" + s.shardId() + ".bin";
        files.put(name, CheckpointStore.write(store.staging(clock).resolve(name), s::writeRows));
      }
      store.commit(clock, b.app, tables, workers, files);
    });
  }

  /** The clock the workers start at: that of the checkpoint resumed from, or 0. */
  public int startClock() {
    return checkpointing.startClock();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs {@code program} on every worker thread and waits for all of them.
   *
   * @throws PsException carrying the first worker failure; the other workers are aborted
   * @throws IllegalStateException if this runtime already ran a job
   */
  public void run(WorkerProgram program) {
    synchronized (this) {
      if (ran) {
        throw new IllegalStateException("this runtime already ran a job; build a new one");
      }
      ran = true;
    }
    LocalWorkers.run(client, program, () -> {}, checkpointing);
  }

  /** The servers' current value of a row: after {@link #run}, every increment of every worker. */
  public Row read(String table, int row) {
    int id = tableId(table);
    TableSpec spec = tables.get(id);
    spec.checkRow(row);
    return shards.get(RowPartitioner.shardOf(spec, row, shards.size())).snapshot(id, row);
  }

  /** The spec of a table of this runtime. */
  public TableSpec spec(String table) {
    return tables.get(tableId(table));
  }

  private int tableId(String name) {
    for (int i = 0; i < tables.size(); i++) {
      if (tables.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no table named '" + name + "'");
  }

  @Override
  public void close() {
    client.abort(new PsException("runtime closed"));
  }

  /** Builder; validates eagerly. */
  public static final class Builder {
    private int workers = 1;
    private int shards = 1;
    private final List<TableSpec> tables = new ArrayList<>();
    private PsClient.Options options = PsClient.Options.DEFAULT;
    private CheckpointOptions checkpoints;
    private String app = "job";
    private Consumer<String> warnings = System.err::println;

    private Builder() {}

    /** Number of worker threads, at least 1. */
    public Builder workers(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("workers must be >= 1, was " + n);
      }
      this.workers = n;
      return this;
    }

    /** Number of server shards, at least 1. */
    public Builder shards(int m) {
      if (m < 1) {
        throw new IllegalArgumentException("shards must be >= 1, was " + m);
      }
      this.shards = m;
      return this;
    }

    /** Adds a table; names must be unique. */
    public Builder table(TableSpec spec) {
      for (TableSpec t : tables) {
        if (t.name().equals(spec.name())) {
          throw new IllegalArgumentException("table '" + spec.name() + "' was already added");
        }
      }
      tables.add(spec);
      return this;
    }

    /**
     * Checkpoints every {@code options.every()} clocks into {@code options.dir()} and, with {@code
     * options.resume()}, starts from the newest intact checkpoint there; {@code app} names the job
     * in the manifest, and a checkpoint of another app or other tables is refused.
     */
    public Builder checkpoints(CheckpointOptions options, String app) {
      this.checkpoints = options;
      this.app = app;
      return this;
    }

    /** Where warnings go (a damaged checkpoint skipped, a resume); standard error by default. */
    public Builder warnings(Consumer<String> sink) {
      this.warnings = sink;
      return this;
    }

    /** Test seam: client options, used to inject a broken read path into the consistency checker's test. */
    Builder clientOptions(PsClient.Options options) {
      this.options = options;
      return this;
    }

    public EmbeddedRuntime build() {
      if (tables.isEmpty()) {
        throw new IllegalArgumentException("add at least one table");
      }
      return new EmbeddedRuntime(this);
    }
  }
}
