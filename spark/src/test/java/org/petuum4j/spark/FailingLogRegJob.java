package org.petuum4j.spark;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.petuum4j.ml.logreg.LogRegJob;
import org.petuum4j.ps.Checkpointable;
import org.petuum4j.ps.Table;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.WorkerContext;
import org.petuum4j.ps.WorkerProgram;
import org.petuum4j.ps.job.JobFactory;
import org.petuum4j.ps.job.JobParams;
import org.petuum4j.ps.job.JobShape;
import org.petuum4j.ps.job.ProcessContext;

/**
 * {@link LogRegJob} whose worker 1 throws when it reaches clock {@link #failAtClock}, as long as
 * {@link #failures} is positive (each failure uses one up): a task dying in the middle of a fit.
 */
public final class FailingLogRegJob implements JobFactory {
  static final AtomicInteger failures = new AtomicInteger();
  static volatile int failAtClock;
  private final LogRegJob delegate = new LogRegJob();

  public FailingLogRegJob() {}

  @Override
  public List<TableSpec> tables(JobParams params, JobShape shape) throws Exception {
    return delegate.tables(params, shape);
  }

  @Override
  public WorkerProgram program(JobParams params, ProcessContext process) throws Exception {
    WorkerProgram p = delegate.program(params, process);
    return ctx -> p.run(new WorkerContext() {
      @Override
      public int workerId() {
        return ctx.workerId();
      }

      @Override
      public int numWorkers() {
        return ctx.numWorkers();
      }

      @Override
      public int currentClock() {
        return ctx.currentClock();
      }

      @Override
      public Table table(String name) {
        return ctx.table(name);
      }

      @Override
      public void clock() {
        if (ctx.workerId() == 1 && ctx.currentClock() + 1 == failAtClock && failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          throw new IllegalStateException("injected failure at clock " + failAtClock);
        }
        ctx.clock();
      }

      @Override
      public void barrier() {
        ctx.barrier();
      }

      @Override
      public void checkpointed(Checkpointable state) {
        ctx.checkpointed(state);
      }
    });
  }

  @Override
  public boolean resumable() {
    return true;
  }
}
