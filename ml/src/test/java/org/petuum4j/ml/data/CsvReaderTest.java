package org.petuum4j.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
  @TempDir Path dir;

  @Test
  void readsNumbersSkippingCommentsAndBlankLinesWithCrlf() throws IOException {
    Path f = dir.resolve("a.csv");
    Files.writeString(f, "# x,y\r\n1, -2.5\r\n\r\n 3e2 ,+4\r\n");
    DenseDataset d = CsvReader.read(f);
    assertThat(d.rows()).isEqualTo(2);
    assertThat(d.dimension()).isEqualTo(2);
    assertThat(d.value(0, 1)).isEqualTo(-2.5);
    assertThat(d.value(1, 0)).isEqualTo(300);
    assertThat(d.label(1)).isZero();
  }

  @Test
  void rejectsEmptyAndNonNumericFieldsWithFileAndLine() throws IOException {
    Path f = dir.resolve("b.csv");
    for (String bad : new String[] {"1,\n", "1,NaN\n", "1,Infinity\n", "1,0x1\n"}) {
      Files.writeString(f, "5,6\n" + bad);
      assertThatThrownBy(() -> CsvReader.read(f)).isInstanceOf(MalformedDataException.class)
          .hasMessageStartingWith(f + ":2: field 2 ");
    }
  }
}
