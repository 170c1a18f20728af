package org.petuum4j.ps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SpecValidationTest {

  @Test
  void staleness_parsesIntegersAndInf() {
    assertThat(Consistency.parseStaleness("0")).isEqualTo(Consistency.bsp());
    assertThat(Consistency.parseStaleness("3")).isEqualTo(Consistency.ssp(3));
    assertThat(Consistency.parseStaleness("inf")).isEqualTo(Consistency.asp());
    assertThat(Consistency.asp().toString()).isEqualTo("ASP");
    assertThat(Consistency.sspPush(2).toString()).isEqualTo("SSP-push(2)");
  }

  @Test
  void staleness_rejectsNegativeAndGarbage() {
    assertThatThrownBy(() -> Consistency.parseStaleness("-1"))
        .hasMessage("staleness must be a non-negative integer or 'inf', was -1");
    assertThatThrownBy(() -> Consistency.parseStaleness("x"))
        .hasMessage("staleness must be a non-negative integer or 'inf', was 'x'");
    assertThatThrownBy(() -> Consistency.ssp(-2)).hasMessageContaining("staleness must be >= 0");
  }

  @Test
  void tableSpec_rejectsBadShapes() {
    assertThatThrownBy(() -> TableSpec.builder("w").rows(0).build())
        .hasMessage("table 'w': rows must be > 0 or UNBOUNDED_ROWS, was 0");
    assertThatThrownBy(() -> TableSpec.builder("w").width(0).build())
        .hasMessage("table 'w': width must be > 0, was 0");
    assertThatThrownBy(() -> TableSpec.builder(" ").build()).hasMessage("table name must not be blank");
  }

  @Test
  void runtime_rejectsZeroWorkersAndDuplicateTables() {
    assertThatThrownBy(() -> EmbeddedRuntime.builder().workers(0)).hasMessage("workers must be >= 1, was 0");
    assertThatThrownBy(() -> EmbeddedRuntime.builder().shards(0)).hasMessage("shards must be >= 1, was 0");
    TableSpec w = TableSpec.builder("w").build();
    assertThatThrownBy(() -> EmbeddedRuntime.builder().table(w).table(w))
        .hasMessage("table 'w' was already added");
  }

  @Test
  void partitions_coverAllItemsWithNearEqualSizes() {
    long total = 10;
    long covered = 0;
    for (int w = 0; w < 3; w++) {
      Partitions.Range r = Partitions.range(total, w, 3);
      assertThat(r.from()).isEqualTo(covered);
      assertThat(r.size()).isBetween(3L, 4L);
      covered = r.to();
    }
    assertThat(covered).isEqualTo(total);
  }
}
