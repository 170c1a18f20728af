package org.petuum4j.ps.job;

import java.util.List;
import org.petuum4j.ps.EmbeddedRuntime;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.WorkerProgram;
import org.petuum4j.ps.checkpoint.CheckpointOptions;

/** Runs jobs on the {@link EmbeddedRuntime}: one process, every worker thread and shard in it. */
public final class EmbeddedDeployment implements Deployment {
  private final JobShape shape;
  private final CheckpointOptions checkpoints;

  public EmbeddedDeployment(JobShape shape) {
    this(shape, null);
  }

  /** Checkpointing and resuming as {@code checkpoints} says ({@code null}: neither). */
  public EmbeddedDeployment(JobShape shape, CheckpointOptions checkpoints) {
    this.shape = shape;
    this.checkpoints = checkpoints;
  }

  public EmbeddedDeployment(int workers, int shards) {
    this(new JobShape(workers, shards));
  }

  @Override
  public JobShape shape() {
    return shape;
  }

  @Override
  public JobResult run(Class<? extends JobFactory> factoryClass, JobParams params, EventSink events)
      throws Exception {
    JobFactory factory = Deployment.instantiate(factoryClass);
    List<TableSpec> tables = factory.tables(params, shape);
    WorkerProgram program = factory.program(params, new ProcessContext(0, shape.workers(), shape, events));
    EmbeddedRuntime.Builder b = EmbeddedRuntime.builder().workers(shape.workers()).shards(shape.shards());
    tables.forEach(b::table);
    if (checkpoints != null && checkpoints.active()) {
      JobFactory.requireResumable(factory, factoryClass);
      b.checkpoints(checkpoints, factoryClass.getName()).warnings(events::note);
    }
    EmbeddedRuntime rt = b.build();
    try {
      rt.run(program);
    } catch (RuntimeException e) {
      rt.close();
      throw e;
    }
    return new JobResult() {
      @Override
      public org.petuum4j.ps.Row read(String table, int row) {
        return rt.read(table, row);
      }

      @Override
      public void close() {
        rt.close();
      }
    };
  }
}
