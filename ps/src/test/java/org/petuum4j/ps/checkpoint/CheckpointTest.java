package org.petuum4j.ps.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.petuum4j.ps.Checkpointable;
import org.petuum4j.ps.Consistency;
import org.petuum4j.ps.EmbeddedRuntime;
import org.petuum4j.ps.PsException;
import org.petuum4j.ps.Table;
import org.petuum4j.ps.TableSpec;
import org.petuum4j.ps.ValueType;
import org.petuum4j.ps.WorkerProgram;

/**
 * Checkpoints in the embedded runtime: a job that fails and resumes ends with exactly the tables
 * of a run without the failure; damaged checkpoints are skipped; foreign ones refused.
 */
class CheckpointTest {
  static final int CLOCKS = 30;
  static final TableSpec SUMS = TableSpec.builder("sums").dense(ValueType.LONG).rows(4).width(8)
      .consistency(Consistency.ssp(2)).build();
  @TempDir Path dir;

  /**
   * Each worker adds {@code (w + 1) * c} to cell {@code (c mod 4, w)} at clock c, keeps a running
   * total as checkpointed state and writes it to row 3 at the end; fails at clock {@code failAt}.
   */
  static WorkerProgram program(int failWorker, int failAt) {
    return ctx -> {
      long[] total = {0};
      ctx.checkpointed(new Checkpointable() {
        @Override
        public void save(DataOutputStream out) throws IOException {
          out.writeLong(total[0]);
        }

        @Override
        public void restore(DataInputStream in) throws IOException {
          total[0] = in.readLong();
        }
      });
      Table t = ctx.table("sums");
      for (int c = ctx.currentClock(); c < CLOCKS; c++) {
        if (ctx.workerId() == failWorker && c == failAt) {
          throw new IllegalStateException("injected failure at clock " + c);
        }
        t.get(c % 3);
        t.incLong(c % 3, ctx.workerId(), (long) (ctx.workerId() + 1) * c);
        total[0] += c;
        ctx.clock();
      }
      t.incLong(3, ctx.workerId(), total[0]);
    };
  }

  private long[][] run(CheckpointOptions options, WorkerProgram program, List<String> warnings) {
    EmbeddedRuntime.Builder b = EmbeddedRuntime.builder().workers(3).shards(2).table(SUMS).warnings(warnings::add);
    if (options != null) {
      b.checkpoints(options, "test-app");
    }
    try (EmbeddedRuntime rt = b.build()) {
      rt.run(program);
      long[][] out = new long[4][3];
      for (int r = 0; r < 4; r++) {
        for (int w = 0; w < 3; w++) {
          out[r][w] = rt.read("sums", r).getLong(w);
        }
      }
      return out;
    }
  }

  @Test
  void failedJob_resumesFromItsCheckpoint_toExactlyTheFaultFreeTables() {
    long[][] expected = run(null, program(-1, 0), new ArrayList<>());
    CheckpointOptions options = new CheckpointOptions(dir, 5, 2, false, 0);
    assertThatThrownBy(() -> run(options, program(1, 17), new ArrayList<>())).isInstanceOf(PsException.class)
        .hasMessageContaining("injected failure at clock 17");
    assertThat(dir.resolve("ckpt-000000015")).isDirectory();
    assertThat(dir.resolve("ckpt-000000010")).isDirectory();
    assertThat(dir.resolve("ckpt-000000005")).as("only the newest 2 are kept").doesNotExist();

    List<String> warnings = new ArrayList<>();
    long[][] resumed = run(options.resuming(), program(-1, 0), warnings);
    assertThat(resumed).isDeepEqualTo(expected);
    assertThat(warnings).anyMatch(w -> w.contains("at clock 15"));
  }

  @Test
  void damagedCheckpoint_isSkipped_forThePreviousOne() throws IOException {
    long[][] expected = run(null, program(-1, 0), new ArrayList<>());
    CheckpointOptions options = new CheckpointOptions(dir, 5, 3, false, 0);
    assertThatThrownBy(() -> run(options, program(0, 22), new ArrayList<>())).isInstanceOf(PsException.class);
    Path newest = dir.resolve("ckpt-000000020");
    Path shard = newest.resolve("shard-1.bin");
    byte[] bytes = Files.readAllBytes(shard);
    bytes[bytes.length / 2] ^= 0x5A;
    Files.write(shard, bytes);

    List<String> warnings = new ArrayList<>();
    long[][] resumed = run(options.resuming(), program(-1, 0), warnings);
    assertThat(resumed).isDeepEqualTo(expected);
    assertThat(warnings).anyMatch(w -> w.contains(newest.toString()) && w.contains("shard-1.bin fails its checksum"))
        .anyMatch(w -> w.contains("at clock 15"));
  }

  @Test
  void checkpointOfOtherTablesOrApp_isRefused() {
    CheckpointOptions options = new CheckpointOptions(dir, 5, 2, false, 0);
    run(options, program(-1, 0), new ArrayList<>());
    TableSpec other = TableSpec.builder("sums").dense(ValueType.LONG).rows(5).width(8).consistency(Consistency.ssp(2))
        .build();
    assertThatThrownBy(() -> EmbeddedRuntime.builder().workers(3).table(other)
            .checkpoints(options.resuming(), "test-app").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has tables");
    assertThatThrownBy(() -> EmbeddedRuntime.builder().workers(3).table(SUMS)
            .checkpoints(options.resuming(), "other-app").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is of app test-app");
  }

  @Test
  void checkpointFiles_areCompleteAndStagingIsGone() throws IOException {
    run(new CheckpointOptions(dir, 10, 5, false, 0), program(-1, 0), new ArrayList<>());
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString()).sorted())
          .containsExactly("ckpt-000000010", "ckpt-000000020", "ckpt-000000030");
    }
    assertThat(Files.readString(dir.resolve("ckpt-000000030/manifest")))
        .startsWith("petuum4j-checkpoint v1\napp test-app\nclock 30\nworkers 3\n")
        .contains("file shard-0.bin ").contains("file worker-2.state ").endsWith("end\n");
  }
}
