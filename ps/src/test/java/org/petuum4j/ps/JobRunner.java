package org.petuum4j.ps;

import java.util.List;
import org.petuum4j.ps.client.PsClient;

/**
 * Runs one job on some deployment, so that the contract suites run unchanged over every
 * transport: embedded here, the network runtime in module {@code net}.
 */
public interface JobRunner {

  /** Runs {@code program} on a fresh job and returns the servers' final rows. */
  FinalRows run(int workers, int shards, List<TableSpec> tables, WorkerProgram program);

  /** The servers' rows after a job. */
  @FunctionalInterface
  interface FinalRows {
    Row read(String table, int row);
  }

  /** The embedded runtime. */
  static JobRunner embedded() {
    return embedded(PsClient.Options.DEFAULT);
  }

  /** The embedded runtime with client options (the consistency checker's mutation test). */
  static JobRunner embedded(PsClient.Options options) {
    return (workers, shards, tables, program) -> {
      EmbeddedRuntime.Builder b = EmbeddedRuntime.builder().workers(workers).shards(shards).clientOptions(options);
      tables.forEach(b::table);
      EmbeddedRuntime rt = b.build();
      rt.run(program);
      return rt::read;
    };
  }
}
