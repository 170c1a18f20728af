package org.petuum4j.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.Partitions;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.ValueType;
import org.petuum4j.ps.WorkerProgram;
import org.petuum4j.ps.job.EventSink;
import org.petuum4j.ps.job.JobFactory;
import org.petuum4j.ps.job.JobParams;
import org.petuum4j.ps.job.JobResult;
import org.petuum4j.ps.job.JobShape;
import org.petuum4j.ps.job.ProcessContext;

/** Roles started as threads of this JVM, each worker process with its own data in memory. */
class InProcessNodesTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** Sums every process's input: each thread adds its local share's values, one per row index. */
  public static final class SumInputs implements JobFactory {
    public SumInputs() {}

    @Override
    public List<TableSpec> tables(JobParams params, JobShape shape) {
      return List.of(TableSpec.builder("sum").dense(ValueType.LONG).rows(1).width(2)
          .consistency(Consistency.bsp()).build());
    }

    @Override
    public WorkerProgram program(JobParams params, ProcessContext process) {
      long[] input = process.input(long[].class).orElseThrow();
      return ctx -> {
        Partitions.Range share = process.localShare(input.length, ctx.workerId());
        long s = 0;
        for (long i = share.from(); i < share.to(); i++) {
          s += input[(int) i];
        }
        ctx.table("sum").incLong(0, 0, s);
        ctx.table("sum").incLong(0, 1, share.size());
        ctx.clock();
      };
    }
  }

  @Test
  void workersTrainOnTheirOwnInputs() throws Exception {
    String secret = ClusterSecret.generate();
    List<InProcessNodes.Node> nodes = new ArrayList<>();
    try (InProcessNodes.CoordinatorNode c = InProcessNodes.coordinator(secret, TIMEOUT, "127.0.0.1", 2, 3)) {
      for (int s = 0; s < 2; s++) {
        nodes.add(InProcessNodes.server(secret, TIMEOUT, s, "127.0.0.1", c.port(), "127.0.0.1"));
      }
      long[][] inputs = {{1, 2, 3, 4, 5}, {10, 20}, {100}};
      for (int w = 0; w < 3; w++) {
        nodes.add(InProcessNodes.worker(secret, TIMEOUT, w, "127.0.0.1", c.port(), "127.0.0.1", new SumInputs(),
            inputs[w]));
      }
      try (JobResult r = InProcessNodes.submit(secret, TIMEOUT, "127.0.0.1", c.port(), SumInputs.class,
          JobParams.builder().build(), new JobShape(6, 2), null, EventSink.NONE)) {
        assertThat(r.read("sum", 0).getLong(0)).isEqualTo(145);
        assertThat(r.read("sum", 0).getLong(1)).isEqualTo(8);
      }
      for (InProcessNodes.Node n : nodes) {
        assertThat(n.finished().get()).isNull();
      }
    } finally {
      nodes.forEach(InProcessNodes.Node::close);
    }
  }
}
