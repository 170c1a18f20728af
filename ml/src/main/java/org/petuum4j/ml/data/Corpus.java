package org.petuum4j.ml.data;

import java.util.Arrays;

/**
 * A bag-of-words corpus: documents as runs of word ids (one entry per token), over a vocabulary
 * of {@link #numWords()} words that may have names. Immutable once built; the arrays are shared,
 * never copied, so callers must not modify what they pass in.
 *
 * <p>Document {@code d} is the tokens {@code [docStart(d), docEnd(d))} of {@link #word(int)};
 * word ids are in {@code [0, numWords())}.
 */
public final class Corpus {
  private final int[] docStart;
  private final int[] tokens;
  private final int numWords;
  private final String[] vocab;

  /**
   * @param docStart {@code D + 1} non-decreasing offsets into {@code tokens}, from 0 to {@code
   *     tokens.length}
   * @param tokens word id of every token
   * @param numWords vocabulary size; every token is below it
   * @param vocab the words' names ({@code numWords} of them), or null for unnamed words
   */
  public Corpus(int[] docStart, int[] tokens, int numWords, String[] vocab) {
    if (docStart.length == 0 || docStart[0] != 0 || docStart[docStart.length - 1] != tokens.length) {
      throw new IllegalArgumentException("docStart must run from 0 to the number of tokens");
    }
    if (numWords < 1) {
      throw new IllegalArgumentException("vocabulary must have at least one word, was " + numWords);
    }
    if (vocab != null && vocab.length != numWords) {
      throw new IllegalArgumentException(vocab.length + " vocabulary names for " + numWords + " words");
    }
    for (int t : tokens) {
      if (t < 0 || t >= numWords) {
        throw new IllegalArgumentException("word id " + t + " outside [0, " + numWords + ")");
      }
    }
    this.docStart = docStart;
    this.tokens = tokens;
    this.numWords = numWords;
    this.vocab = vocab;
  }

  public int numDocs() {
    return docStart.length - 1;
  }

  public int numWords() {
    return numWords;
  }

  public int numTokens() {
    return tokens.length;
  }

  public int docStart(int doc) {
    return docStart[doc];
  }

  public int docEnd(int doc) {
    return docStart[doc + 1];
  }

  /** The word id of token {@code i}. */
  public int word(int i) {
    return tokens[i];
  }

  /** True if the words have names (a vocabulary file, or words of a text). */
  public boolean hasVocabulary() {
    return vocab != null;
  }

  /** The name of word {@code id}: its vocabulary entry, or the id in decimal. */
  public String wordName(int id) {
    return vocab != null ? vocab[id] : Integer.toString(id);
  }

  /** Every word's name, as {@link #wordName}. */
  public String[] vocabulary() {
    String[] v = new String[numWords];
    for (int i = 0; i < numWords; i++) {
      v[i] = wordName(i);
    }
    return v;
  }

  /** Tokens per word id. */
  public long[] wordFrequencies() {
    long[] f = new long[numWords];
    for (int t : tokens) {
      f[t]++;
    }
    return f;
  }

  @Override
  public String toString() {
    return "Corpus{" + numDocs() + " docs, " + numWords + " words, " + tokens.length + " tokens}";
  }

  /** Collects documents one word occurrence at a time. Not thread-safe. */
  public static final class Builder {
    private int[] docStart = new int[1024];
    private int[] tokens = new int[1 << 16];
    private int docs;
    private int size;

    /** Adds {@code count} tokens of {@code word} to the current (last) document. */
    public Builder add(int word, int count) {
      if ((long) size + count > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("more than " + (Integer.MAX_VALUE - 8) + " tokens");
      }
      if (size + count > tokens.length) {
        tokens = Arrays.copyOf(tokens, (int) Math.min(Integer.MAX_VALUE - 8, Math.max((long) size + count, 2L * tokens.length)));
      }
      Arrays.fill(tokens, size, size + count, word);
      size += count;
      return this;
    }

    /** Ends the current document and starts the next one. */
    public Builder endDoc() {
      if (docs + 2 > docStart.length) {
        docStart = Arrays.copyOf(docStart, docStart.length * 2);
      }
      docStart[++docs] = size;
      return this;
    }

    public int docs() {
      return docs;
    }

    public int tokens() {
      return size;
    }

    public Corpus build(int numWords, String[] vocab) {
      return new Corpus(Arrays.copyOf(docStart, docs + 1), Arrays.copyOf(tokens, size), numWords, vocab);
    }
  }
}
