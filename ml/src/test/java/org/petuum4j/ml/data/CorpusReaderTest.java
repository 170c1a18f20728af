package org.petuum4j.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CorpusReaderTest {
  @TempDir Path dir;

  Path file(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  static List<Integer> doc(Corpus c, int d) {
    List<Integer> w = new ArrayList<>();
    for (int i = c.docStart(d); i < c.docEnd(d); i++) {
      w.add(c.word(i));
    }
    return w;
  }

  @Test
  void uci_readsHeaderEntriesAndVocabulary_withEmptyDocuments() throws IOException {
    Path dw = file("docword.txt", "4\r\n3\r\n4\r\n1 1 2\r\n1 3 1\r\n3 2 1\r\n3 3 2\r\n");
    Path v = file("vocab.txt", "apple\nbanana\ncherry\n");
    Corpus c = CorpusReader.readUci(dw, v);
    assertThat(c.numDocs()).isEqualTo(4);
    assertThat(c.numWords()).isEqualTo(3);
    assertThat(c.numTokens()).isEqualTo(6);
    assertThat(doc(c, 0)).containsExactly(0, 0, 2);
    assertThat(doc(c, 1)).isEmpty();
    assertThat(doc(c, 2)).containsExactly(1, 2, 2);
    assertThat(doc(c, 3)).isEmpty();
    assertThat(c.wordName(1)).isEqualTo("banana");
  }

  @Test
  void uci_writeThenRead_roundTrips() throws IOException {
    Corpus c = new Corpus(new int[] {0, 3, 3, 5}, new int[] {2, 0, 2, 1, 1}, 4, new String[] {"a", "b", "c", "d"});
    Path dw = dir.resolve("out/docword.txt");
    Path v = dir.resolve("out/vocab.txt");
    assertThat(CorpusReader.writeUci(c, dw, v)).isEqualTo(3);
    assertThat(Files.readString(dw)).isEqualTo("3\n4\n3\n1 1 1\n1 3 2\n3 2 2\n");
    Corpus back = CorpusReader.readUci(dw, v);
    assertThat(doc(back, 0)).containsExactly(0, 2, 2);
    assertThat(doc(back, 2)).containsExactly(1, 1);
    assertThat(back.vocabulary()).containsExactly("a", "b", "c", "d");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "2\\n3\\n2\\n1 1 2\\n2 4 1|:5: word id 4 outside [1, 3] in line '2 4 1'",
    "2\\n3\\n2\\n1 1 2\\n3 1 1|:5: document id 3 outside [1, 2]",
    "2\\n3\\n2\\n1 1 0\\n2 1 1|:4: count 0 must be a positive integer",
    "2\\n3\\n2\\n1 1 x\\n2 1 1|:4: 'x' is not a non-negative integer",
    "2\\n3\\n2\\n2 1 1\\n1 1 1|:5: document id 1 after document 2",
    "2\\n3\\n1\\n1 1 1\\n2 1 1|:5: more entries than the header's NNZ 1",
    "2\\n3\\n3\\n1 1 1\\n2 1 1|:5: header says NNZ 3 but the file has 2 entries",
    "2 3\\n3\\n1\\n1 1 1|:1: expected the number of documents D alone on header line 1",
    "2\\n3\\n2\\n1 1|:4: expected 'docId wordId count'",
  })
  void uci_malformed_namesFileLineAndProblem(String content, String expected) throws IOException {
    Path dw = file("docword.bad.txt", content.replace("\\n", "\n") + "\n");
    assertThatThrownBy(() -> CorpusReader.readUci(dw, null)).isInstanceOf(MalformedDataException.class)
        .hasMessageStartingWith(dw + expected);
  }

  @Test
  void uci_vocabularyOfTheWrongSize_isMalformed() throws IOException {
    Path dw = file("docword.txt", "1\n3\n1\n1 1 1\n");
    Path v = file("vocab.txt", "a\nb\n");
    assertThatThrownBy(() -> CorpusReader.readUci(dw, v)).isInstanceOf(MalformedDataException.class)
        .hasMessageStartingWith(v + ":2: has 2 words, the vocabulary size is 3");
    Path v2 = file("vocab2.txt", "a\nb c\nd\n");
    assertThatThrownBy(() -> CorpusReader.readUci(dw, v2)).isInstanceOf(MalformedDataException.class)
        .hasMessage(v2 + ":2: expected one word per line in line 'b c'");
  }

  @Test
  void labeled_readsLines_blankLineIsEmptyDocument() throws IOException {
    Path p = file("d.libsvm", "spam 0:2 5:1\n\nham\t3:1 # no comments: this is an error below\n");
    assertThatThrownBy(() -> CorpusReader.readLabeled(p, null)).isInstanceOf(MalformedDataException.class)
        .hasMessageStartingWith(p + ":3: bad entry '#' (expected word:count)");
    Path ok = file("ok.libsvm", "spam 0:2 5:1\n\nham\t3:1\r\n");
    Corpus c = CorpusReader.readLabeled(ok, null);
    assertThat(c.numDocs()).isEqualTo(3);
    assertThat(c.numWords()).isEqualTo(6);
    assertThat(doc(c, 0)).containsExactly(0, 0, 5);
    assertThat(doc(c, 1)).isEmpty();
    assertThat(doc(c, 2)).containsExactly(3);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "x 1:2 3:-1|:2: bad entry '3:-1' (expected word:count)",
    "x 1:0|:2: count 0 must be a positive integer",
    "1:2 3:1|:2: missing label before '1:2'",
    "x 7:1|:2: word id 7 outside [0, 3)",
  })
  void labeled_malformed_namesFileLineAndProblem(String line, String expected) throws IOException {
    Path p = file("bad.libsvm", "ok 0:1\n" + line + "\n");
    Path v = file("v.txt", "a\nb\nc\n");
    assertThatThrownBy(() -> CorpusReader.readLabeled(p, v)).isInstanceOf(MalformedDataException.class)
        .hasMessageStartingWith(p + expected);
  }

  @Test
  void text_tokenizesDropsStopWordsAndNumbers_andRejectsBadUtf8WithItsLine() throws IOException {
    Path p = file("t.txt", "The Cat's cat sat on 42 mats.\nDon't stop: dogs, DOGS!\n");
    Corpus c = CorpusReader.readText(p, Tokenizer.english());
    assertThat(c.numDocs()).isEqualTo(2);
    assertThat(c.vocabulary()).containsExactly("cat's", "cat", "sat", "mats", "stop", "dogs");
    assertThat(doc(c, 1)).containsExactly(4, 5, 5);

    Path bad = dir.resolve("bad.txt");
    Files.write(bad, new byte[] {'o', 'k', '\n', 'a', (byte) 0xC3, '\n'});
    assertThatThrownBy(() -> CorpusReader.readText(bad, Tokenizer.english())).isInstanceOf(MalformedDataException.class)
        .hasMessageStartingWith(bad + ":2: not valid UTF-8");
  }
}
