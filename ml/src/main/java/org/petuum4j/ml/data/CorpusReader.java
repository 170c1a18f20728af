package org.petuum4j.ml.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;

/**
 * Reads the bag-of-words formats of topic models into a {@link Corpus}, and writes the UCI one.
 *
 * <ul>
 *   <li><b>UCI bag-of-words</b> ({@link #readUci}): a {@code docword} file with three header lines
 *       {@code D}, {@code W}, {@code NNZ}, then {@code NNZ} lines {@code docId wordId count}
 *       (1-based ids, doc ids non-decreasing), and optionally a {@code vocab} file with {@code W}
 *       lines, word {@code i} on line {@code i}.
 *   <li><b>{@code label word:count} lines</b> ({@link #readLabeled}): one document per line, a
 *       label (any token without ':', ignored) then {@code word:count} pairs with 0-based word
 *       ids; the vocabulary size is one more than the largest id, or the vocabulary file's size.
 *   <li><b>Plain text</b> ({@link #readText}): one document per line, UTF-8, split into words by
 *       {@link Tokenizer}; words are numbered in order of first appearance.
 * </ul>
 *
 * <p>In every format fields are separated by spaces or tabs and CRLF line ends are fine. Blank
 * lines are skipped in UCI files; in {@code label word:count} and text files a blank line is an
 * empty document. A line that does not follow its format throws a {@link MalformedDataException} naming
 * the file, the 1-based line number and what was wrong.
 */
public final class CorpusReader {
  private CorpusReader() {}

  /** Reads a UCI {@code docword} file and, if {@code vocab} is not null, its vocabulary. */
  public static Corpus readUci(Path docword, Path vocab) throws IOException {
    String file = docword.toString();
    Corpus.Builder b = new Corpus.Builder();
    long[] header = new long[3];
    long entries = 0;
    int numDocs = 0;
    int numWords = 0;
    try (BufferedReader r = Files.newBufferedReader(docword, StandardCharsets.UTF_8)) {
      String line;
      long no = 0;
      int headerLines = 0;
      int currentDoc = 0;
      long[] f = new long[3];
      while ((line = r.readLine()) != null) {
        no++;
        if (line.isBlank()) {
          continue;
        }
        if (headerLines < 3) {
          int n = fields(line, f, file, no);
          String name = new String[] {"number of documents D", "vocabulary size W", "number of entries NNZ"}[headerLines];
          if (n != 1) {
            throw new MalformedDataException(file, no, "expected the " + name + " alone on header line " + (headerLines + 1), line);
          }
          long max = headerLines == 2 ? Long.MAX_VALUE : Integer.MAX_VALUE - 8;
          if (f[0] < (headerLines == 1 ? 1 : 0) || f[0] > max) {
            throw new MalformedDataException(file, no, name + " " + f[0] + " out of range", line);
          }
          header[headerLines++] = f[0];
          numDocs = (int) header[0];
          numWords = (int) header[1];
          continue;
        }
        if (fields(line, f, file, no) != 3) {
          throw new MalformedDataException(file, no, "expected 'docId wordId count'", line);
        }
        if (f[0] < 1 || f[0] > numDocs) {
          throw new MalformedDataException(file, no, "document id " + f[0] + " outside [1, " + numDocs + "]", line);
        }
        if (f[1] < 1 || f[1] > numWords) {
          throw new MalformedDataException(file, no, "word id " + f[1] + " outside [1, " + numWords + "]", line);
        }
        if (f[2] < 1 || f[2] > Integer.MAX_VALUE - 8) {
          throw new MalformedDataException(file, no, "count " + f[2] + " must be a positive integer", line);
        }
        if (f[0] < currentDoc) {
          throw new MalformedDataException(file, no, "document id " + f[0] + " after document " + currentDoc
              + " (entries must be sorted by document)", line);
        }
        if (++entries > header[2]) {
          throw new MalformedDataException(file, no, "more entries than the header's NNZ " + header[2], line);
        }
        while (currentDoc < f[0]) {
          if (currentDoc > 0) {
            b.endDoc();
          }
          currentDoc++;
        }
        try {
          b.add((int) f[1] - 1, (int) f[2]);
        } catch (IllegalArgumentException e) {
          throw new MalformedDataException(file, no, e.getMessage(), line);
        }
      }
      if (headerLines < 3) {
        throw new MalformedDataException(file, no, "missing header (D, W and NNZ lines)", "");
      }
      if (entries != header[2]) {
        throw new MalformedDataException(file, no, "header says NNZ " + header[2] + " but the file has " + entries + " entries", "");
      }
      while (b.docs() < numDocs) {
        b.endDoc();
      }
    }
    String[] names = vocab == null ? null : readVocabulary(vocab, numWords);
    return b.build(numWords, names);
  }

  /**
   * Reads a vocabulary file: one word per line, trimmed. With {@code expected >= 0} the file must
   * have exactly that many lines.
   */
  public static String[] readVocabulary(Path vocab, int expected) throws IOException {
    List<String> words = new ArrayList<>();
    String file = vocab.toString();
    try (BufferedReader r = Files.newBufferedReader(vocab, StandardCharsets.UTF_8)) {
      String line;
      long no = 0;
      while ((line = r.readLine()) != null) {
        no++;
        String w = line.strip();
        if (w.isEmpty() || w.indexOf(' ') >= 0 || w.indexOf('\t') >= 0) {
          throw new MalformedDataException(file, no, "expected one word per line", line);
        }
        if (expected >= 0 && words.size() == expected) {
          throw new MalformedDataException(file, no, "more than the " + expected + " words of the vocabulary size", line);
        }
        words.add(w);
      }
      if (expected >= 0 && words.size() != expected) {
        throw new MalformedDataException(file, no, "has " + words.size() + " words, the vocabulary size is " + expected, "");
      }
    }
    return words.toArray(String[]::new);
  }

  /** Reads {@code label word:count} lines; {@code vocab} (may be null) names the words. */
  public static Corpus readLabeled(Path path, Path vocab) throws IOException {
    String[] names = vocab == null ? null : readVocabulary(vocab, -1);
    int limit = names == null ? Integer.MAX_VALUE - 8 : names.length;
    String file = path.toString();
    Corpus.Builder b = new Corpus.Builder();
    int maxWord = -1;
    try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      String line;
      long no = 0;
      while ((line = r.readLine()) != null) {
        no++;
        int n = line.length();
        int i = skipBlanks(line, 0);
        if (i < n) {
          int end = tokenEnd(line, i);
          if (line.indexOf(':', i) >= 0 && line.indexOf(':', i) < end) {
            throw new MalformedDataException(file, no, "missing label before '" + line.substring(i, end) + "'", line);
          }
          i = skipBlanks(line, end);
        }
        while (i < n) {
          int end = tokenEnd(line, i);
          int colon = line.indexOf(':', i);
          long word = colon < 0 || colon >= end ? -1 : parse(line, i, colon);
          long count = colon < 0 || colon >= end ? -1 : parse(line, colon + 1, end);
          if (word < 0 || count < 0) {
            throw new MalformedDataException(file, no, "bad entry '" + line.substring(i, end) + "' (expected word:count)", line);
          }
          if (word >= limit) {
            throw new MalformedDataException(file, no, "word id " + word + " outside [0, " + limit + ")", line);
          }
          if (count < 1 || count > Integer.MAX_VALUE - 8) {
            throw new MalformedDataException(file, no, "count " + count + " must be a positive integer", line);
          }
          try {
            b.add((int) word, (int) count);
          } catch (IllegalArgumentException e) {
            throw new MalformedDataException(file, no, e.getMessage(), line);
          }
          maxWord = Math.max(maxWord, (int) word);
          i = skipBlanks(line, end);
        }
        b.endDoc();
      }
    }
    int numWords = names != null ? names.length : Math.max(1, maxWord + 1);
    return b.build(numWords, names);
  }

  /** Reads plain text, one document per line, tokenized by {@code tokenizer}. */
  public static Corpus readText(Path path, Tokenizer tokenizer) throws IOException {
    String file = path.toString();
    byte[] bytes = Files.readAllBytes(path);
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    Object2IntOpenHashMap<String> ids = new Object2IntOpenHashMap<>();
    ids.defaultReturnValue(-1);
    List<String> words = new ArrayList<>();
    Corpus.Builder b = new Corpus.Builder();
    List<String> tokens = new ArrayList<>();
    int start = 0;
    long no = 0;
    while (start < bytes.length) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      no++;
      String line;
      try {
        line = dec.decode(ByteBuffer.wrap(bytes, start, end - start)).toString();
      } catch (CharacterCodingException e) {
        throw new MalformedDataException(file, no, "not valid UTF-8",
            new String(bytes, start, end - start, StandardCharsets.UTF_8));
      }
      tokens.clear();
      tokenizer.tokenize(line, tokens);
      for (String t : tokens) {
        int id = ids.getInt(t);
        if (id < 0) {
          id = words.size();
          ids.put(t, id);
          words.add(t);
        }
        b.add(id, 1);
      }
      b.endDoc();
      start = end + 1;
    }
    if (words.isEmpty()) {
      throw new MalformedDataException(file, Math.max(1, no), "no words in the text (after removing stop words)", "");
    }
    return b.build(words.size(), words.toArray(String[]::new));
  }

  /**
   * Writes {@code corpus} as a UCI {@code docword} file (each document's words in ascending id
   * order with their counts) and, if {@code vocab} is not null, a vocabulary file; atomically.
   *
   * @return the number of entries (NNZ)
   */
  public static long writeUci(Corpus corpus, Path docword, Path vocab) throws IOException {
    long[] nnz = new long[1];
    AtomicFile.write(docword, os -> {
      Writer w = new OutputStreamWriter(os, StandardCharsets.US_ASCII);
      int[] doc = new int[0];
      long entries = 0;
      for (int d = 0; d < corpus.numDocs(); d++) {
        int from = corpus.docStart(d);
        int to = corpus.docEnd(d);
        if (to - from > doc.length) {
          doc = new int[Math.max(to - from, 2 * doc.length)];
        }
        for (int i = from; i < to; i++) {
          doc[i - from] = corpus.word(i);
        }
        Arrays.sort(doc, 0, to - from);
        for (int i = 0; i < to - from; i++) {
          if (i == 0 || doc[i] != doc[i - 1]) {
            entries++;
          }
        }
      }
      nnz[0] = entries;
      w.write(corpus.numDocs() + "\n" + corpus.numWords() + "\n" + entries + "\n");
      StringBuilder sb = new StringBuilder(64);
      for (int d = 0; d < corpus.numDocs(); d++) {
        int from = corpus.docStart(d);
        int to = corpus.docEnd(d);
        for (int i = from; i < to; i++) {
          doc[i - from] = corpus.word(i);
        }
        Arrays.sort(doc, 0, to - from);
        for (int i = 0; i < to - from; ) {
          int j = i;
          while (j < to - from && doc[j] == doc[i]) {
            j++;
          }
          sb.setLength(0);
          sb.append(d + 1).append(' ').append(doc[i] + 1).append(' ').append(j - i).append('\n');
          w.append(sb);
          i = j;
        }
      }
      w.flush();
    });
    if (vocab != null) {
      AtomicFile.write(vocab, os -> {
        Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
        for (int i = 0; i < corpus.numWords(); i++) {
          w.write(corpus.wordName(i));
          w.write('\n');
        }
        w.flush();
      });
    }
    return nnz[0];
  }

  /** Parses up to {@code out.length} non-negative integer fields; returns how many there were. */
  private static int fields(String line, long[] out, String file, long no) throws MalformedDataException {
    int n = 0;
    int i = skipBlanks(line, 0);
    while (i < line.length()) {
      int end = tokenEnd(line, i);
      if (n == out.length) {
        return n + 1;
      }
      long v = parse(line, i, end);
      if (v < 0) {
        throw new MalformedDataException(file, no, "'" + line.substring(i, end) + "' is not a non-negative integer", line);
      }
      out[n++] = v;
      i = skipBlanks(line, end);
    }
    return n;
  }

  /** A non-negative decimal integer in {@code s[from, to)}, or -1 if it is not one (or too large). */
  private static long parse(String s, int from, int to) {
    if (from >= to || to - from > 18) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static int skipBlanks(String s, int i) {
    while (i < s.length() && isBlank(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int tokenEnd(String s, int i) {
    while (i < s.length() && !isBlank(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
  }
}
