package org.petuum4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.petuum4j.ml.data.Corpus;

class GcideConverterTest {
  @TempDir Path dir;

  static final String DICT = """
      00-database-info
           This file was converted from the original database on:
                Sat Feb 12 2022

      Abdicator \\Ab"di*ca`tor\\, n.
         One who abdicates.
         [1913 Webster]

      Abdominal \\Ab*dom"i*nal\\, a. [Cf. F. abdominal.]
         1. Of or pertaining to the abdomen; ventral; as, the
            abdominal regions, muscles, cavity.
            [1913 Webster]

         2. (Zool.) Having abdominal fins; belonging to the
            Abdominales. [Obs. [R.]]
            [1913 Webster]
      """;

  private Path dict(String text) throws IOException {
    Path p = dir.resolve("gcide.dict.dz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
      o.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return p;
  }

  @Test
  void read_makesOneDocumentPerParagraph_withoutPronunciationsBracketsOrTheDatabaseHeader() throws IOException {
    List<List<String>> docs = GcideConverter.read(dict(DICT));
    assertThat(docs).containsExactly(
        List.of("abdicator", "abdicates"),
        List.of("abdominal", "pertaining", "abdomen", "ventral", "abdominal", "regions", "muscles", "cavity"),
        List.of("zool", "abdominal", "fins", "belonging", "abdominales"));
  }

  @Test
  void corpus_keepsWordsOfAtLeastMinDocsDocuments_andDropsEmptiedDocuments() throws IOException {
    Corpus c = GcideConverter.corpus(GcideConverter.read(dict(DICT)), 2);
    assertThat(c.vocabulary()).containsExactly("abdominal");
    assertThat(c.numDocs()).isEqualTo(2);
    assertThat(c.numTokens()).isEqualTo(3);
  }

  @Test
  void sample_takesEvenlySpacedDocuments() {
    List<List<String>> docs = List.of(List.of("a"), List.of("b"), List.of("c"), List.of("d"), List.of("e"),
        List.of("f"));
    assertThat(GcideConverter.sample(docs, 3)).containsExactly(List.of("a"), List.of("c"), List.of("e"));
    assertThat(GcideConverter.sample(docs, 10)).isSameAs(docs);
  }

  @Test
  void read_rejectsAFileWithNoEntry() throws IOException {
    Path p = dict("00-database-info\n   nothing here\n");
    assertThatThrownBy(() -> GcideConverter.read(p)).hasMessageContaining("no dictionary entry in 2 lines");
  }
}
