package org.petuum4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.petuum4j.ml.data.LibSvmReader;
import org.petuum4j.ml.data.SparseDataset;

class SpamAssassinConverterTest {
  @TempDir Path dir;

  private void message(String group, String name, String text) throws IOException {
    Path g = dir.resolve("data").resolve(group);
    Files.createDirectories(g);
    Files.write(g.resolve(name + ".txt"), text.getBytes(StandardCharsets.ISO_8859_1));
    Files.writeString(g.resolve(name + ".json"), "{}");
  }

  @Test
  void text_keepsSubjectAndBodyOnly() {
    String t = SpamAssassinConverter.text(
        "Received: from relay\r\nSubject: Cheap\r\n  pills\r\nX-Mailer: foo\r\n\r\nBuy NOW, buy 2day!\r\n");

    assertThat(SpamAssassinConverter.counts(t))
        .isEqualTo(Map.of("cheap", 1, "pills", 1, "buy", 2, "now", 1, "2day", 1));
  }

  @Test
  void counts_dropsOneLetterAndOverlongTokens() {
    assertThat(SpamAssassinConverter.counts("a bb " + "x".repeat(41) + " caf\u00e9"))
        .isEqualTo(Map.of("bb", 1, "caf", 1));
  }

  @Test
  void convert_writesLabelledUnitNormRowsAndATrainOnlyVocabulary() throws IOException {
    for (int i = 0; i < 8; i++) {
      message("easy-ham-1", String.format("%05d.aa", i), "Subject: meeting\n\nlunch meeting notes " + i + "x\n");
      message("spam-2", String.format("%05d.bb", i), "Subject: offer\n\nfree money free offer\n");
    }
    Path out = dir.resolve("out");

    SpamAssassinConverter.Summary s = SpamAssassinConverter.convert(dir.resolve("data"), out, 7, 2);

    assertThat(s.trainDocs()).isEqualTo(13);
    assertThat(s.testDocs()).isEqualTo(3);
    assertThat(s.trainSpam() + s.testSpam()).isEqualTo(8);
    List<String> vocabulary = Files.readAllLines(out.resolve("vocabulary.txt"));
    assertThat(vocabulary).isSorted().contains("free", "lunch", "meeting", "money", "notes", "offer")
        .noneMatch(w -> w.endsWith("x"));
    SparseDataset train = LibSvmReader.oneBased().read(out.resolve("train.libsvm"));
    SparseDataset test = LibSvmReader.oneBased().read(out.resolve("test.libsvm"));
    assertThat(train.rows()).isEqualTo(13);
    assertThat(test.rows()).isEqualTo(3);
    for (int i = 0; i < train.rows(); i++) {
      double norm = 0;
      for (int k = train.rowStart(i); k < train.rowEnd(i); k++) {
        norm += train.value(k) * train.value(k);
      }
      assertThat(norm).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4));
    }
    int free = vocabulary.indexOf("free");
    String spamRow = Files.readAllLines(out.resolve("train.libsvm")).stream()
        .filter(l -> l.startsWith("1 ")).findFirst().orElseThrow();
    assertThat(spamRow).contains(" " + (free + 1) + ":");

    SpamAssassinConverter.convert(dir.resolve("data"), dir.resolve("again"), 7, 2);
    assertThat(Files.readString(dir.resolve("again/train.libsvm"))).isEqualTo(Files.readString(out.resolve("train.libsvm")));
  }

  @Test
  void convert_unknownGroupOrNoData_namesTheDirectory() throws IOException {
    message("spam-1", "00001.cc", "Subject: x\n\nhello there\n");
    Files.createDirectories(dir.resolve("data/other"));

    assertThatThrownBy(() -> SpamAssassinConverter.convert(dir.resolve("data"), dir.resolve("out"), 1, 2))
        .isInstanceOf(IOException.class)
        .hasMessage(dir.resolve("data/other") + ": unknown message group (expected a name containing 'spam' or 'ham')");
    assertThatThrownBy(() -> SpamAssassinConverter.convert(dir.resolve("missing"), dir.resolve("out"), 1, 2))
        .hasMessageStartingWith(dir.resolve("missing") + ": not a directory");
    assertThat(dir.resolve("out")).doesNotExist();
  }
}
