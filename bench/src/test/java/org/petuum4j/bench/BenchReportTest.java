package org.petuum4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {
  @TempDir Path dir;

  @Test
  void readSeries_takesTheNamedColumns() throws IOException {
    Path csv = dir.resolve("a.csv");
    Files.writeString(csv, "epoch,seconds,train_loss\n1,0.5,0.7\n\n2,1.25,0.6\n");

    BenchReport.Series s = BenchReport.readSeries("bsp", csv, "seconds", "train_loss");

    assertThat(s.name()).isEqualTo("bsp");
    assertThat(s.x()).containsExactly(0.5, 1.25);
    assertThat(s.y()).containsExactly(0.7, 0.6);
  }

  @Test
  void thin_keepsFirstAndLastAndAtMostMaxPoints() {
    double[] x = new double[1000];
    double[] y = new double[1000];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
      y[i] = -i;
    }
    BenchReport.Series t = BenchReport.thin(new BenchReport.Series("s", x, y), 11);
    assertThat(t.x()).hasSize(11).startsWith(0.0).endsWith(999.0);
    assertThat(t.y()).startsWith(0.0).endsWith(-999.0);
    BenchReport.Series small = new BenchReport.Series("s", new double[] {1, 2}, new double[] {3, 4});
    assertThat(BenchReport.thin(small, 11)).isSameAs(small);
  }

  @Test
  void lineChart_logAxisDropsNonPositivePoints() throws IOException {
    Path png = dir.resolve("log.png");
    BenchReport.lineChart(png, "t", "x", "y", List.of(
        new BenchReport.Series("a", new double[] {1, 2, 3}, new double[] {1, 0, 0.01})), true);
    assertThat(Files.size(png)).isGreaterThan(1000);
  }

  @Test
  void readSeries_malformedInput_namesFileAndLine() throws IOException {
    Path csv = dir.resolve("bad.csv");
    Files.writeString(csv, "epoch,seconds,train_loss\n1,0.5,0.7\n2,abc,0.6\n");
    Path short_ = dir.resolve("short.csv");
    Files.writeString(short_, "epoch,seconds,train_loss\n1,0.5\n");

    assertThatThrownBy(() -> BenchReport.readSeries("x", csv, "seconds", "train_loss"))
        .hasMessage(csv + ":3: 'abc' is not a number in line '2,abc,0.6'");
    assertThatThrownBy(() -> BenchReport.readSeries("x", short_, "seconds", "train_loss"))
        .hasMessage(short_ + ":2: 2 fields, expected 3 in line '1,0.5'");
    assertThatThrownBy(() -> BenchReport.readSeries("x", csv, "seconds", "loss"))
        .hasMessageStartingWith(csv + ":1: no column 'loss'");
  }

  @Test
  void lineChart_writesAPng() throws IOException {
    Path png = dir.resolve("img/chart.png");

    BenchReport.lineChart(png, "t", "seconds", "loss", List.of(
        new BenchReport.Series("a", new double[] {0, 1, 2}, new double[] {3, 2, 1}),
        new BenchReport.Series("empty", new double[0], new double[0])));

    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    try (var files = Files.list(png.getParent())) {
      assertThat(files).containsExactly(png);
    }
  }

  @Test
  void upsertRowAndReplaceSection_rewriteInPlace() throws IOException {
    Path md = dir.resolve("benchmarks.md");

    BenchReport.replaceSection(md, "ssp", "## SSP\n\nfirst");
    BenchReport.upsertRow(md, List.of("w1", "d", "1 s", "2 s", "2.0x", "0.5", "how"));
    BenchReport.upsertRow(md, List.of("w2", "d", "1 s", "3 s", "3.0x", "0.5", "a|b"));
    BenchReport.upsertRow(md, List.of("w1", "d", "1 s", "4 s", "4.0x", "0.5", "how"));
    BenchReport.replaceSection(md, "ssp", "## SSP\n\nsecond");

    String text = Files.readString(md);
    assertThat(text).contains("| w1 | d | 1 s | 4 s | 4.0x | 0.5 | how |\n| w2 | d | 1 s | 3 s | 3.0x | 0.5 | a\\|b |\n"
        + "<!-- end:summary -->")
        .doesNotContain("2.0x").doesNotContain("first")
        .endsWith("<!-- begin:ssp -->\n## SSP\n\nsecond\n<!-- end:ssp -->\n");
    assertThat(text.indexOf("<!-- begin:ssp -->")).isEqualTo(text.lastIndexOf("<!-- begin:ssp -->"));
  }

  @Test
  void upsertRow_wrongNumberOfCells_isRejected() {
    assertThatThrownBy(() -> BenchReport.upsertRow(dir.resolve("x.md"), List.of("a")))
        .hasMessage("a summary row has 7 cells, was 1");
  }
}
