package org.petuum4j.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.petuum4j.ml.data.Corpus;
import org.petuum4j.ml.data.CorpusReader;
import org.petuum4j.ml.data.Tokenizer;

/**
 * Turns the GNU Collaborative International Dictionary of English, as Debian's {@code dict-gcide}
 * package ships it ({@code /usr/share/dictd/gcide.dict.dz}, a dictzip file, which is gzip), into a
 * UCI bag-of-words corpus of short documents: one document per definition.
 *
 * <p>Format of the input: entries start with a headword line at column 0 ({@code Abdicator
 * \Ab"di*ca`tor\, n.}); their other lines are indented. Within an entry, blank lines separate
 * paragraphs: the first holds the headword line and the first (or only) sense, the others one
 * numbered sense, a collocation ({@code {Abdominal ring} (Anat.), ...}) or a synonym list each. The
 * first entries of the file ({@code 00-database-info} and the like, and everything before the first
 * entry whose headword starts with a letter) describe the database and are skipped.
 *
 * <p>Conversion: each paragraph is a document. Pronunciations ({@code \...\}) and bracketed text
 * ({@code [L. abdicatio: cf. F. abdication.]}, {@code [1913 Webster]}: etymologies and source
 * marks, which say where a definition came from rather than what it means) are removed; the rest
 * is cut by {@link Tokenizer#english()} (lower case, stop words and one-letter words dropped). The
 * dictionary has about 254,000 such paragraphs; with {@code maxDocs} below that, every
 * {@code (n / maxDocs)}-th is kept (paragraph {@code floor(i n / maxDocs)} for {@code i < maxDocs},
 * so the sample spans the whole alphabet and is the same on every run). The vocabulary is the words
 * in at least {@code minDocs} kept documents, in alphabetical order; a document left with no
 * vocabulary word is dropped. Documents keep the order of the dictionary.
 *
 * <p>Usage: {@code GcideConverter gcide.dict.dz out-dir [maxDocs [minDocs]]}; writes {@code
 * out-dir/docword.gcide.txt} and {@code out-dir/vocab.gcide.txt}.
 */
public final class GcideConverter {
  private static final Pattern PRONUNCIATION = Pattern.compile("\\\\[^\\\\\\n]*\\\\");
  private static final Pattern BRACKETS = Pattern.compile("\\[[^\\[\\]]*\\]");

  private GcideConverter() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2 || args.length > 4) {
      System.err.println("usage: GcideConverter gcide.dict.dz out-dir [maxDocs [minDocs]]");
      System.exit(2);
    }
    Path in = Path.of(args[0]);
    Path out = Path.of(args[1]);
    int maxDocs = args.length > 2 ? Integer.parseInt(args[2]) : Integer.MAX_VALUE;
    int minDocs = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    if (maxDocs < 1 || minDocs < 1) {
      throw new IllegalArgumentException("maxDocs and minDocs must be >= 1, were " + maxDocs + " and " + minDocs);
    }
    List<List<String>> docs = sample(read(in), maxDocs);
    Corpus c = corpus(docs, minDocs);
    Files.createDirectories(out);
    CorpusReader.writeUci(c, out.resolve("docword.gcide.txt"), out.resolve("vocab.gcide.txt"));
    System.out.printf(Locale.ROOT, "%,d definitions read; %,d documents, %,d tokens (%.2f per document), "
            + "vocabulary %,d (words in >= %d documents) written to %s%n", docs.size(), c.numDocs(), c.numTokens(),
        c.numTokens() / (double) c.numDocs(), c.numWords(), minDocs, out);
  }

  /** The tokens of every definition paragraph of the dictionary at {@code in}. */
  static List<List<String>> read(Path in) throws IOException {
    List<List<String>> docs = new ArrayList<>();
    Tokenizer tok = Tokenizer.english();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(in), 1 << 16), StandardCharsets.UTF_8))) {
      StringBuilder para = new StringBuilder();
      boolean started = false;
      int lineNo = 0;
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        boolean head = !line.isEmpty() && !Character.isWhitespace(line.charAt(0));
        if (head && !started) {
          // The database's own description comes first, under headwords like 00-database-info.
          started = Character.isLetter(line.charAt(0));
        }
        if (!started) {
          continue;
        }
        if (line.isBlank() || head) {
          flush(para, tok, docs);
        }
        if (!line.isBlank()) {
          para.append(line).append('\n');
        }
      }
      flush(para, tok, docs);
      if (docs.isEmpty()) {
        throw new IOException(in + ": no dictionary entry in " + lineNo + " lines (is it gcide.dict.dz?)");
      }
    }
    return docs;
  }

  /** {@code docs[floor(i n / max)]} for {@code i < max}, or all of {@code docs} if there are at most {@code max}. */
  static List<List<String>> sample(List<List<String>> docs, int max) {
    int n = docs.size();
    if (n <= max) {
      return docs;
    }
    List<List<String>> out = new ArrayList<>(max);
    for (int i = 0; i < max; i++) {
      out.add(docs.get((int) ((long) i * n / max)));
    }
    return out;
  }

  private static void flush(StringBuilder para, Tokenizer tok, List<List<String>> docs) {
    if (para.length() == 0) {
      return;
    }
    String text = PRONUNCIATION.matcher(para).replaceAll(" ");
    // Brackets nest now and then ([Obs. [R.]]): remove the innermost until none is left.
    String before;
    do {
      before = text;
      text = BRACKETS.matcher(text).replaceAll(" ");
    } while (!text.equals(before));
    List<String> words = new ArrayList<>();
    tok.tokenize(text, words);
    if (!words.isEmpty()) {
      docs.add(words);
    }
    para.setLength(0);
  }

  /** The corpus over the words in at least {@code minDocs} of {@code docs}. */
  static Corpus corpus(List<List<String>> docs, int minDocs) {
    Map<String, Integer> df = new HashMap<>();
    for (List<String> d : docs) {
      for (String w : new java.util.HashSet<>(d)) {
        df.merge(w, 1, Integer::sum);
      }
    }
    String[] vocab = df.entrySet().stream().filter(e -> e.getValue() >= minDocs).map(Map.Entry::getKey).sorted()
        .toArray(String[]::new);
    Map<String, Integer> id = new HashMap<>();
    for (int i = 0; i < vocab.length; i++) {
      id.put(vocab[i], i);
    }
    Corpus.Builder b = new Corpus.Builder();
    int[] ids = new int[64];
    for (List<String> d : docs) {
      int n = 0;
      for (String w : d) {
        Integer i = id.get(w);
        if (i != null) {
          if (n == ids.length) {
            ids = Arrays.copyOf(ids, 2 * n);
          }
          ids[n++] = i;
        }
      }
      if (n == 0) {
        continue;
      }
      Arrays.sort(ids, 0, n);
      for (int i = 0; i < n; i++) {
        b.add(ids[i], 1);
      }
      b.endDoc();
    }
    return b.build(vocab.length, vocab);
  }
}
