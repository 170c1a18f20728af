package org.petuum4j.sched;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.petuum4j.net.TestClusters;
import org.petuum4j.ps.JobRunner;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.job.EventSink;
import org.petuum4j.ps.job.JobShape;
import org.petuum4j.ps.job.ProcessContext;

/**
 * A model-parallel job across processes (two server and two worker processes over Netty in this
 * JVM) ends with the embedded run's parameters, for pipelined priority, dependency-aware and
 * rotation schedules.
 */
@Timeout(120)
class NettyModelParallelRuntimeTest {

  static Scheduler scheduler(String name) {
    return switch (name) {
      case "priority" -> Schedulers.priority();
      case "dependency" -> Schedulers.dependency((a, b) -> Math.abs(a - b) == 1 ? 1 : 0, 0.5);
      case "rotation" -> Schedulers.rotation(4);
      default -> throw new IllegalArgumentException(name);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"priority", "dependency", "rotation"})
  void workerProgram_overNetty_endsWithTheEmbeddedParameters(String schedule) {
    ModelParallelRuntime.Result embedded = ModelParallelRuntime.builder(new ModelParallelRuntimeTest.SumProgram(13, 4))
        .workers(4).scheduler(scheduler(schedule)).parallelism(3).pipelineDepth(2).maxRounds(30).seed(9)
        .build().run();

    ModelParallelRuntime rt = ModelParallelRuntime.builder(new ModelParallelRuntimeTest.SumProgram(13, 4))
        .workers(4).scheduler(scheduler(schedule)).parallelism(3).pipelineDepth(2).maxRounds(30).seed(9)
        .maxTaskSize(13).build();
    List<TableSpec> tables = rt.jobTables();
    JobRunner.FinalRows rows = TestClusters.runner(2, 2).run(4, 2, tables,
        rt.workerProgram(new ProcessContext(0, 4, new JobShape(4, 2), EventSink.NONE)));
    double[] params = new double[13];
    for (int j = 0; j < 13; j++) {
      params[j] = rows.read(ModelParallelRuntime.PARAMETER_TABLE, 0).get(j);
    }
    assertThat(params).containsExactly(embedded.parameters());
  }
}
