package org.petuum4j.net;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.petuum4j.ps.JobRunner;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.WorkerProgram;
import org.petuum4j.ps.job.EventSink;
import org.petuum4j.ps.job.JobFactory;
import org.petuum4j.ps.job.JobParams;
import org.petuum4j.ps.job.JobResult;
import org.petuum4j.ps.job.JobShape;
import org.petuum4j.ps.job.ProcessContext;

/**
 * A whole cluster in this JVM, every part talking over loopback TCP through the real protocol: a
 * coordinator, server processes and worker processes as objects. The contract suites run on it.
 */
final class InJvmCluster {
  static final ClusterSecret SECRET = ClusterSecret.of("in-jvm-test-secret-0123456789");
  private static final AtomicLong JOBS = new AtomicLong();

  private InJvmCluster() {}

  static NetConfig config() {
    return NetConfig.of(SECRET, null, Duration.ofSeconds(5));
  }

  /** A JobRunner over {@code serverProcs} server and up to {@code workerProcs} worker processes. */
  static JobRunner runner(int serverProcs, int workerProcs) {
    return (workers, shards, tables, program) -> {
      JobFactory factory = new JobFactory() {
        @Override
        public List<TableSpec> tables(JobParams params, JobShape shape) {
          return tables;
        }

        @Override
        public WorkerProgram program(JobParams params, ProcessContext process) {
          return program;
        }
      };
      JobResult result = run(Math.min(serverProcs, shards), Math.min(workerProcs, workers), factory,
          new JobShape(workers, shards), EventSink.NONE);
      return result::read;
    };
  }

  /**
   * Runs a job; the returned result holds the cluster up until closed (the contract suites never
   * close it: its threads are daemon threads and the servers idle).
   */
  static JobResult run(int serverProcs, int workerProcs, JobFactory factory, JobShape shape, EventSink sink) {
    return run(config(), serverProcs, workerProcs, factory, shape, sink);
  }

  /** As {@link #run(int, int, JobFactory, JobShape, EventSink)}, every process with {@code config}. */
  static JobResult run(NetConfig config, int serverProcs, int workerProcs, JobFactory factory, JobShape shape,
      EventSink sink) {
    String name = "test-job-" + JOBS.incrementAndGet();
    FactoryResolver resolver = n -> {
      if (!n.equals(name)) {
        throw new IllegalArgumentException("unknown factory " + n);
      }
      return factory;
    };
    List<AutoCloseable> parts = new ArrayList<>();
    try {
      Coordinator coordinator = new Coordinator(config, "127.0.0.1", 0, serverProcs, workerProcs);
      parts.add(coordinator);
      for (int i = 0; i < serverProcs; i++) {
        parts.add(new ServerNode(config, i, "127.0.0.1", coordinator.port(), "127.0.0.1", 0, "127.0.0.1"));
      }
      for (int i = 0; i < workerProcs; i++) {
        parts.add(new WorkerNode(config, i, "127.0.0.1", coordinator.port(), "127.0.0.1", resolver));
      }
      Net driverNet = new Net(config, 1);
      parts.add(driverNet);
      JobResult r = Driver.run(driverNet, "127.0.0.1", coordinator.port(), name, JobParams.of(java.util.Map.of()),
          factory.tables(JobParams.of(java.util.Map.of()), shape), shape, sink);
      return r.alsoClosing(() -> closeAll(parts));
    } catch (RuntimeException e) {
      closeAll(parts);
      throw e;
    } catch (Exception e) {
      closeAll(parts);
      throw new IllegalStateException(e);
    }
  }

  static void closeAll(List<AutoCloseable> parts) {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception ignored) {
        // best effort
      }
    }
  }
}
