package org.petuum4j.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RatingsReaderTest {
  @TempDir Path dir;

  private Path file(String name, String content) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, content, StandardCharsets.UTF_8);
    return f;
  }

  private static String triples(Ratings r) {
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < r.size(); k++) {
      b.append(r.user(k)).append('/').append(r.item(k)).append('/').append(r.value(k)).append(' ');
    }
    return b.toString().trim();
  }

  @Test
  void read_tabWithAndWithoutTimestamps() throws IOException {
    Ratings r = RatingsReader.read(file("r.tsv", "1\t31\t2.5\t1260759144\n\n7\t1029\t3\n"));
    assertThat(triples(r)).isEqualTo("1/31/2.5 7/1029/3.0");
  }

  @Test
  void read_commaWithMovieLensHeader() throws IOException {
    Ratings r = RatingsReader.read(file("r.csv", "userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n2,10,4.0,835355493\n"));
    assertThat(triples(r)).isEqualTo("1/31/2.5 2/10/4.0");
  }

  @Test
  void read_doubleColonAndArbitraryIds() throws IOException {
    Ratings r = RatingsReader.read(file("ratings.dat", "1000000007::0::5::978300760\n3::99999999999::1\n"));
    assertThat(triples(r)).isEqualTo("1000000007/0/5.0 3/99999999999/1.0");
    assertThat(r.distinctUsers()).containsExactly(3, 1000000007);
  }

  @Test
  void read_matrixMarketKeepsOneBasedIds() throws IOException {
    Ratings r = RatingsReader.read(file("r.mtx",
        "%%MatrixMarket matrix coordinate real general\n% c\n3 4 2\n3 1 2.5\n1 4 -1\n"));
    assertThat(triples(r)).isEqualTo("3/1/2.5 1/4/-1.0");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "r.tsv | 1\\t2\\t3\\n1\\t2\\n | 2 | expected 'user<TAB>item<TAB>rating[<TAB>timestamp]' (3 or 4 fields separated by tabs, as on the first line), found 2 fields",
    "r.tsv | 1\\t2\\t3\\n1,2,3\\n | 2 | found 1 field",
    "r.csv | 1,2,3\\n1,2,3,4,5\\n | 2 | found 5 fields",
    "r.csv | 1,2,3\\n-1,2,3\\n | 2 | user id '-1' is not a non-negative integer",
    "r.csv | 1,2,3\\n1,2.5,3\\n | 2 | item id '2.5' is not a non-negative integer",
    "r.csv | 1,2,abc\\n | 1 | rating 'abc' is not a finite decimal number",
    "r.csv | 1,2,NaN\\n | 1 | rating 'NaN' is not a finite decimal number",
    "r.csv | 1,2,1e39\\n | 1 | rating '1e39' is not a finite decimal number",
    "r.dat | 1::2::3\\n\\n4::5::1::yesterday\\n | 3 | timestamp 'yesterday' is not an integer",
    "r.dat | 1::2::3\\n4,5,1\\n | 2 | found 1 field",
  })
  void read_rejectsMalformedLinesWithFileAndLine(String name, String content, long line, String problem) throws IOException {
    Path f = file(name, content.replace("\\n", "\n").replace("\\t", "\t"));
    assertThatThrownBy(() -> RatingsReader.read(f))
        .isInstanceOfSatisfying(MalformedDataException.class, e -> {
          assertThat(e.file()).isEqualTo(f.toString());
          assertThat(e.line()).isEqualTo(line);
          assertThat(e.problem()).contains(problem);
        })
        .hasMessageStartingWith(f + ":" + line + ": ");
  }

  @Test
  void read_rejectsMalformedMatrixMarketWithFileAndLine() throws IOException {
    Path f = file("r.mtx", "%%MatrixMarket matrix coordinate real general\n3 4 2\n3 1 2.5\n1 5 1\n");
    assertThatThrownBy(() -> RatingsReader.read(f))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(f + ":4: column index 5 outside [1, 4] in line '1 5 1'");
  }
}
