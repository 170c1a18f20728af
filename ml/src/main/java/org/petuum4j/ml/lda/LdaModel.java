package org.petuum4j.ml.lda;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.petuum4j.ml.data.AtomicFile;
import org.petuum4j.ml.data.MalformedDataException;

/**
 * Trained topics: the word-topic counts {@code n_wk}, the vocabulary and the priors. Immutable.
 *
 * <p>Topic {@code k}'s word distribution is the posterior mean {@code (n_wk + beta) / (n_k + W
 * beta)}. Saved as UTF-8 text, lines ending in {@code \n}:
 *
 * <pre>
 * petuum4j-lda v1
 * topics K
 * words W
 * alpha A
 * beta B
 * word&lt;TAB&gt;topic:count topic:count ...     (W lines, word ids 0..W-1 in order)
 * </pre>
 *
 * with 0-based topics in increasing order and positive counts; priors are written by {@link
 * Double#toString}, so a model round-trips exactly. Words must contain no tab or line break.
 */
public final class LdaModel {
  static final String MAGIC = "petuum4j-lda v1";

  private final int numTopics;
  private final double alpha;
  private final double beta;
  private final String[] vocab;
  private final int[][] topicsOfWord;
  private final int[][] countsOfWord;
  private final long[] totals;

  /**
   * @param topicsOfWord per word, its topics with non-zero count, increasing
   * @param countsOfWord per word, the counts of those topics, positive
   */
  public LdaModel(int numTopics, double alpha, double beta, String[] vocab, int[][] topicsOfWord,
      int[][] countsOfWord) {
    if (vocab.length != topicsOfWord.length || vocab.length != countsOfWord.length) {
      throw new IllegalArgumentException("vocabulary and counts differ in length");
    }
    this.numTopics = numTopics;
    this.alpha = alpha;
    this.beta = beta;
    this.vocab = vocab.clone();
    this.topicsOfWord = topicsOfWord;
    this.countsOfWord = countsOfWord;
    this.totals = new long[numTopics];
    for (int w = 0; w < vocab.length; w++) {
      int[] t = topicsOfWord[w];
      for (int i = 0; i < t.length; i++) {
        if (t[i] < 0 || t[i] >= numTopics || (i > 0 && t[i] <= t[i - 1]) || countsOfWord[w][i] <= 0) {
          throw new IllegalArgumentException("word " + w + ": topics must increase in [0, " + numTopics
              + ") with positive counts");
        }
        totals[t[i]] += countsOfWord[w][i];
      }
    }
  }

  public int numTopics() {
    return numTopics;
  }

  public int numWords() {
    return vocab.length;
  }

  public double alpha() {
    return alpha;
  }

  public double beta() {
    return beta;
  }

  public String word(int w) {
    return vocab[w];
  }

  /** {@code n_wk}. */
  public int count(int w, int k) {
    int i = Arrays.binarySearch(topicsOfWord[w], k);
    return i >= 0 ? countsOfWord[w][i] : 0;
  }

  /** {@code n_k}: tokens assigned to topic {@code k}. */
  public long topicTotal(int k) {
    return totals[k];
  }

  /** Topic {@code k}'s word distribution {@code (n_wk + beta) / (n_k + W beta)}, indexed by word. */
  public double[] topicWordDistribution(int k) {
    int numWords = vocab.length;
    double denom = totals[k] + numWords * beta;
    double[] p = new double[numWords];
    for (int w = 0; w < numWords; w++) {
      p[w] = (count(w, k) + beta) / denom;
    }
    return p;
  }

  /** The {@code n} words with the largest counts in topic {@code k}, largest first (ties: lower id). */
  public int[] topWords(int k, int n) {
    int numWords = vocab.length;
    Integer[] ids = new Integer[numWords];
    for (int w = 0; w < numWords; w++) {
      ids[w] = w;
    }
    Arrays.sort(ids, (a, b) -> {
      int c = Integer.compare(count(b, k), count(a, k));
      return c != 0 ? c : Integer.compare(a, b);
    });
    int m = Math.min(n, numWords);
    int[] top = new int[m];
    for (int i = 0; i < m; i++) {
      top[i] = ids[i];
    }
    return top;
  }

  /** Writes the model atomically (see {@link AtomicFile}). */
  public void save(Path file) throws IOException {
    AtomicFile.write(file, os -> {
      Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
      w.write(MAGIC + "\ntopics " + numTopics + "\nwords " + vocab.length + "\nalpha " + alpha + "\nbeta " + beta + "\n");
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < vocab.length; i++) {
        sb.setLength(0);
        sb.append(vocab[i]).append('\t');
        for (int j = 0; j < topicsOfWord[i].length; j++) {
          if (j > 0) {
            sb.append(' ');
          }
          sb.append(topicsOfWord[i][j]).append(':').append(countsOfWord[i][j]);
        }
        sb.append('\n');
        w.append(sb);
      }
      w.flush();
    });
  }

  /** Reads a model written by {@link #save}; a bad line throws {@link MalformedDataException}. */
  public static LdaModel load(Path file) throws IOException {
    String name = file.toString();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String magic = r.readLine();
      if (!MAGIC.equals(magic)) {
        throw new MalformedDataException(name, 1, "not a petuum4j LDA model (expected '" + MAGIC + "')",
            magic == null ? "" : magic);
      }
      int k = (int) header(r, name, 2, "topics", 1, LdaConfig.MAX_TOPICS);
      int numWords = (int) header(r, name, 3, "words", 1, Integer.MAX_VALUE - 8);
      double alpha = real(r, name, 4, "alpha");
      double beta = real(r, name, 5, "beta");
      String[] vocab = new String[numWords];
      int[][] topics = new int[numWords][];
      int[][] counts = new int[numWords][];
      for (int w = 0; w < numWords; w++) {
        long no = 6L + w;
        String line = r.readLine();
        if (line == null) {
          throw new MalformedDataException(name, no, "file ends after " + w + " of " + numWords + " words", "");
        }
        int tab = line.indexOf('\t');
        if (tab <= 0) {
          throw new MalformedDataException(name, no, "expected word<TAB>topic:count ...", line);
        }
        vocab[w] = line.substring(0, tab);
        String rest = line.substring(tab + 1).strip();
        String[] cells = rest.isEmpty() ? new String[0] : rest.split(" ");
        topics[w] = new int[cells.length];
        counts[w] = new int[cells.length];
        for (int i = 0; i < cells.length; i++) {
          int colon = cells[i].indexOf(':');
          try {
            topics[w][i] = Integer.parseInt(cells[i].substring(0, Math.max(colon, 0)));
            counts[w][i] = Integer.parseInt(cells[i].substring(colon + 1));
          } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new MalformedDataException(name, no, "bad cell '" + cells[i] + "' (expected topic:count)", line);
          }
          if (topics[w][i] < 0 || topics[w][i] >= k || counts[w][i] <= 0 || (i > 0 && topics[w][i] <= topics[w][i - 1])) {
            throw new MalformedDataException(name, no, "bad cell '" + cells[i]
                + "' (topics increasing in [0, " + k + "), counts > 0)", line);
          }
        }
      }
      return new LdaModel(k, alpha, beta, vocab, topics, counts);
    }
  }

  private static long header(BufferedReader r, String name, long no, String key, long min, long max) throws IOException {
    String line = r.readLine();
    String prefix = key + " ";
    try {
      if (line != null && line.startsWith(prefix)) {
        long v = Long.parseLong(line.substring(prefix.length()));
        if (v >= min && v <= max) {
          return v;
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new MalformedDataException(name, no, "expected '" + key + " N' with N in [" + min + ", " + max + "]",
        line == null ? "" : line);
  }

  private static double real(BufferedReader r, String name, long no, String key) throws IOException {
    String line = r.readLine();
    String prefix = key + " ";
    try {
      if (line != null && line.startsWith(prefix)) {
        double v = Double.parseDouble(line.substring(prefix.length()));
        if (v > 0 && !Double.isInfinite(v)) {
          return v;
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new MalformedDataException(name, no, "expected '" + key + " X' with X a finite number > 0",
        line == null ? "" : line);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LdaModel m && m.numTopics == numTopics && m.alpha == alpha && m.beta == beta
        && Arrays.equals(m.vocab, vocab) && Arrays.deepEquals(m.topicsOfWord, topicsOfWord)
        && Arrays.deepEquals(m.countsOfWord, countsOfWord);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(vocab) * 31 + Arrays.deepHashCode(countsOfWord);
  }
}
