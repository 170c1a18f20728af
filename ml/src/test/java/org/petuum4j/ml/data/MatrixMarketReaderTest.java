package org.petuum4j.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatrixMarketReaderTest {
  @TempDir Path dir;

  private Path file(String name, String content) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, content, StandardCharsets.UTF_8);
    return f;
  }

  private static final String Y3 = "%%MatrixMarket matrix array real general\n3 1\n1.5\n-2\n0.25\n";

  @Test
  void readRegression_sortsEntriesAndSumsRepeats() throws IOException {
    Path x = file("X.mtx", """
        %%MatrixMarket matrix coordinate real general
        % a comment
        %another

        3 4 6
        3 1 2.5
        1 4 -1e-3
        1 2 1

        3 1 0.5
        2 3 7
        1 2 2
        """);
    RegressionDataset d = MatrixMarketReader.readRegression(x, file("y.mtx", Y3));

    assertThat(d.rows()).isEqualTo(3);
    assertThat(d.numFeatures()).isEqualTo(4);
    assertThat(d.nonZeros()).isEqualTo(4);
    assertThat(cells(d, 0)).isEqualTo("1:3.0 3:-0.001");
    assertThat(cells(d, 1)).isEqualTo("2:7.0");
    assertThat(cells(d, 2)).isEqualTo("0:3.0");
    assertThat(d.target(0)).isEqualTo(1.5);
    assertThat(d.target(1)).isEqualTo(-2);
    assertThat(d.target(2)).isEqualTo(0.25);
  }

  @Test
  void readRegression_takesPatternMatricesAndCoordinateVectors() throws IOException {
    Path x = file("X.mtx", "%%MatrixMarket MATRIX Coordinate Pattern General\n2 2 2\n1 1\n2 2\n");
    Path y = file("y.mtx", "%%MatrixMarket matrix coordinate integer general\n2 1 1\n2 1 4\n");
    RegressionDataset d = MatrixMarketReader.readRegression(x, y);
    assertThat(cells(d, 0)).isEqualTo("0:1.0");
    assertThat(cells(d, 1)).isEqualTo("1:1.0");
    assertThat(d.target(0)).isZero();
    assertThat(d.target(1)).isEqualTo(4);
  }

  @Test
  void nonNumericValue_namesFileAndLine() throws IOException {
    Path x = file("X.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 0.5\n2 2 abc\n");
    assertThatThrownBy(() -> MatrixMarketReader.readRegression(x, file("y.mtx", Y3)))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(x + ":4: value 'abc' is not a finite decimal number in line '2 2 abc'");
  }

  @Test
  void outOfRangeIndices_nameFileLineAndTheAllowedRange() throws IOException {
    Path col = file("c.mtx", "%%MatrixMarket matrix coordinate real general\n2 3 1\n1 4 1\n");
    assertThatThrownBy(() -> MatrixMarketReader.readCoordinates(col))
        .hasMessage(col + ":3: column index 4 outside [1, 3] in line '1 4 1'");
    Path row = file("r.mtx", "%%MatrixMarket matrix coordinate real general\n2 3 1\n0 1 1\n");
    assertThatThrownBy(() -> MatrixMarketReader.readCoordinates(row))
        .hasMessage(row + ":3: row index 0 outside [1, 2] in line '0 1 1'");
    Path notInt = file("i.mtx", "%%MatrixMarket matrix coordinate real general\n2 3 1\n1.5 1 1\n");
    assertThatThrownBy(() -> MatrixMarketReader.readCoordinates(notInt))
        .hasMessage(notInt + ":3: row index '1.5' is not an integer in line '1.5 1 1'");
  }

  @Test
  void otherMalformedInput_isReportedWithItsLine() throws IOException {
    expectError("%%MatrixMarket matrix coordinate complex general\n", ":1: field 'complex' is not supported");
    expectError("%%MatrixMarket matrix coordinate real symmetric\n", ":1: symmetry 'symmetric' is not supported (only 'general')");
    expectError("1 2 3\n", ":1: expected the banner '%%MatrixMarket matrix coordinate real general'");
    expectError("%%MatrixMarket matrix array real general\n2 2\n", ":1: format 'array' is not supported here (expected 'coordinate')");
    expectError("%%MatrixMarket matrix coordinate real general\n2 2\n", ":2: expected the size line 'rows columns entries'");
    expectError("%%MatrixMarket matrix coordinate real general\n2 x 1\n", ":2: number of columns 'x' is not a non-negative integer");
    expectError("%%MatrixMarket matrix coordinate real general\n2 2 5\n", ":2: 5 entries cannot fit a 2 x 2 matrix");
    expectError("%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n", ":3: file ends after 1 of 2 entries");
    expectError("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1\n2 2 2\n", ":4: more entries than the 1 the size line declares");
    expectError("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1\n", ":3: expected 'row column value', found 2 fields");
    expectError("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 NaN\n", ":3: value 'NaN' is not a finite decimal number");
    expectError("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1e999\n", ":3: value '1e999' is not a finite decimal number");
    expectError("%%MatrixMarket matrix coordinate real general\n", ":1: file ends before the size line");
  }

  private void expectError(String content, String message) throws IOException {
    Path x = file("bad.mtx", content);
    assertThatThrownBy(() -> MatrixMarketReader.readCoordinates(x))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageStartingWith(x + message);
  }

  @Test
  void responseOfTheWrongLength_isRejected() throws IOException {
    Path x = file("X.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1\n");
    Path y = file("y.mtx", Y3);
    assertThatThrownBy(() -> MatrixMarketReader.readRegression(x, y))
        .hasMessage(y + ":2: the response has 3 rows, the matrix has 2 in line '3 1'");
    Path wide = file("w.mtx", "%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n");
    assertThatThrownBy(() -> MatrixMarketReader.readRegression(x, wide))
        .hasMessageStartingWith(wide + ":2: a response vector must have 1 column");
    Path shortY = file("s.mtx", "%%MatrixMarket matrix array real general\n2 1\n1\n");
    assertThatThrownBy(() -> MatrixMarketReader.readRegression(x, shortY))
        .hasMessageStartingWith(shortY + ":3: file ends after 1 of 2 entries");
  }

  @Test
  void isMatrixMarket_looksAtTheBanner() throws IOException {
    assertThat(MatrixMarketReader.isMatrixMarket(file("a", "%%MatrixMarket matrix coordinate real general\n"))).isTrue();
    assertThat(MatrixMarketReader.isMatrixMarket(file("b", "1.5 1:2\n"))).isFalse();
    assertThat(MatrixMarketReader.isMatrixMarket(file("c", ""))).isFalse();
  }

  static String cells(RegressionDataset d, int row) {
    StringBuilder s = new StringBuilder();
    for (int k = d.rowStart(row); k < d.rowEnd(row); k++) {
      s.append(s.length() == 0 ? "" : " ").append(d.col(k)).append(':').append(d.value(k));
    }
    return s.toString();
  }
}
