package org.petuum4j.ps.row;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.petuum4j.ps.RowKind;
import org.petuum4j.ps.ValueType;

class RowCodecTest {

  @ParameterizedTest
  @EnumSource(ValueType.class)
  void rows_roundTrip_denseAndSparse(ValueType type) {
    for (RowKind kind : RowKind.values()) {
      RowData row = RowData.create(kind, type, 50);
      row.add(0, 3);
      row.add(17, -2);
      row.add(49, 7);
      ByteBuffer b = ByteBuffer.allocate(RowCodec.rowSize(row));
      RowCodec.writeRow(row, b);
      assertThat(b.remaining()).isZero();
      b.flip();
      RowData back = RowCodec.readRow(b, 50);
      assertThat(back).isEqualTo(row);
      assertThat(back.kind()).isEqualTo(kind);
      assertThat(b.remaining()).isZero();
    }
  }

  @Test
  void deltas_roundTrip() {
    RowDelta[] deltas = {
      RowDelta.sparse(1, 7, new int[] {3, 3, 9}, new double[] {0.5, 1.5, -2}, 3),
      RowDelta.sparseLong(0, 2, new int[] {1}, new long[] {Long.MAX_VALUE}, 1),
      RowDelta.dense(2, 0, new double[] {1, 2, 3}),
      RowDelta.denseLong(3, 9, new long[] {-4, 5})
    };
    for (int k = 0; k < 2 * deltas.length; k++) {
      RowDelta d = deltas[k % deltas.length];
      boolean float32 = k >= deltas.length;
      ByteBuffer b = ByteBuffer.allocate(RowCodec.deltaSize(d, float32));
      RowCodec.writeDelta(d, b, float32);
      assertThat(b.remaining()).isZero();
      b.flip();
      RowDelta back = RowCodec.readDelta(b, 100);
      assertThat(back.table()).isEqualTo(d.table());
      assertThat(back.row()).isEqualTo(d.row());
      assertThat(back.isDense()).isEqualTo(d.isDense());
      assertThat(back.isIntegral()).isEqualTo(d.isIntegral());
      assertThat(back.size()).isEqualTo(d.size());
      for (int i = 0; i < d.size(); i++) {
        assertThat(back.col(i)).isEqualTo(d.col(i));
        assertThat(back.doubleValue(i)).isEqualTo(d.doubleValue(i));
        assertThat(back.longValue(i)).isEqualTo(d.longValue(i));
      }
    }
  }

  @Test
  void malformedInput_isRejected() {
    RowData row = RowData.create(RowKind.DENSE, ValueType.FLOAT, 10);
    ByteBuffer b = ByteBuffer.allocate(RowCodec.rowSize(row));
    RowCodec.writeRow(row, b);
    ByteBuffer truncated = ByteBuffer.wrap(b.array(), 0, b.capacity() - 1);
    assertThatThrownBy(() -> RowCodec.readRow(truncated, 10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> RowCodec.readRow(ByteBuffer.wrap(b.array()), 9)).hasMessageContaining("width 10");
    ByteBuffer badKind = ByteBuffer.wrap(new byte[] {9, 0, 0, 0, 0, 1});
    assertThatThrownBy(() -> RowCodec.readRow(badKind, 10)).hasMessageContaining("bad row kind");
    ByteBuffer hugeSparse = ByteBuffer.allocate(10).put((byte) 1).put((byte) 1).putInt(1000).putInt(999);
    hugeSparse.flip();
    assertThatThrownBy(() -> RowCodec.readRow(hugeSparse, 1000)).hasMessageContaining("truncated");
  }

  @Property(tries = 2000)
  void randomBytes_decodeOrFailCleanly(@ForAll @Size(max = 64) byte[] bytes) {
    try {
      RowCodec.readRow(ByteBuffer.wrap(bytes), 1000);
    } catch (IllegalArgumentException expected) {
      // the only failure allowed
    }
    try {
      RowCodec.readDelta(ByteBuffer.wrap(bytes), 1000);
    } catch (IllegalArgumentException expected) {
      // the only failure allowed
    }
  }
}
