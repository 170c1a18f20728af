package org.petuum4j.ml.dml;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.petuum4j.ml.data.DenseDataset;
import org.petuum4j.ml.data.MalformedDataException;

/**
 * Labelled pairs of rows of one data set: pair {@code p} joins rows {@link #first(int)} and {@link
 * #second(int)} and is {@link #similar(int)} or dissimilar. Immutable.
 *
 * <h2>File format</h2>
 *
 * One pair per line, {@code i j s}: two 0-based row numbers of the features file (its examples in
 * file order) and {@code 1} for similar or {@code 0} for dissimilar, separated by spaces or tabs.
 * Blank lines and lines starting with {@code #} are skipped. Every error is a {@link
 * MalformedDataException} naming file and line.
 */
public final class Pairs {
  private final int[] first;
  private final int[] second;
  private final boolean[] similar;

  private Pairs(int[] first, int[] second, boolean[] similar) {
    this.first = first;
    this.second = second;
    this.similar = similar;
  }

  /** Pairs from arrays (copied) of equal length with row numbers >= 0. */
  public static Pairs of(int[] first, int[] second, boolean[] similar) {
    if (first.length != second.length || first.length != similar.length) {
      throw new IllegalArgumentException("first, second and similar must have equal lengths");
    }
    for (int p = 0; p < first.length; p++) {
      if (first[p] < 0 || second[p] < 0) {
        throw new IllegalArgumentException("pair " + p + " has a negative row number");
      }
    }
    return new Pairs(first.clone(), second.clone(), similar.clone());
  }

  public int size() {
    return first.length;
  }

  public int first(int p) {
    return first[p];
  }

  public int second(int p) {
    return second[p];
  }

  public boolean similar(int p) {
    return similar[p];
  }

  /** Number of similar pairs. */
  public int similarCount() {
    int n = 0;
    for (boolean s : similar) {
      n += s ? 1 : 0;
    }
    return n;
  }

  /**
   * Reads a pairs file whose row numbers refer to a data set of {@code rows} rows.
   *
   * @throws MalformedDataException naming file and line of the first bad line
   */
  public static Pairs read(Path file, int rows) throws IOException {
    String name = file.toString();
    int[] a = new int[1024];
    int[] b = new int[1024];
    boolean[] s = new boolean[1024];
    int n = 0;
    long lineNo = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        String body = line.strip();
        if (body.isEmpty() || body.startsWith("#")) {
          continue;
        }
        String[] f = body.split("[ \t]+");
        if (f.length != 3 || !(f[2].equals("0") || f[2].equals("1"))) {
          throw new MalformedDataException(name, lineNo, "expected 'i j s' with s 1 (similar) or 0 (dissimilar)", line);
        }
        if (n == a.length) {
          a = Arrays.copyOf(a, 2 * n);
          b = Arrays.copyOf(b, 2 * n);
          s = Arrays.copyOf(s, 2 * n);
        }
        a[n] = row(f[0], rows, name, lineNo, line);
        b[n] = row(f[1], rows, name, lineNo, line);
        s[n++] = f[2].equals("1");
      }
    }
    return new Pairs(Arrays.copyOf(a, n), Arrays.copyOf(b, n), Arrays.copyOf(s, n));
  }

  private static int row(String text, int rows, String file, long lineNo, String line) throws IOException {
    try {
      int i = Integer.parseInt(text);
      if (i >= 0 && i < rows) {
        return i;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new MalformedDataException(file, lineNo,
        "row '" + text + "' is not a row number in [0, " + rows + ") of the features file", line);
  }

  /**
   * Draws {@code n} pairs from the class labels of {@code data}, seeded: even-numbered pairs are
   * similar (a uniform row of a class with at least two rows, and another row of its class),
   * odd-numbered ones dissimilar (a uniform row, and a uniform row of another class).
   *
   * @throws IllegalArgumentException unless there are two classes and one has two rows
   */
  public static Pairs fromLabels(DenseDataset data, int n, long seed) {
    int rows = data.rows();
    Integer[] boxed = new Integer[rows];
    for (int i = 0; i < rows; i++) {
      boxed[i] = i;
    }
    Arrays.sort(boxed, (x, y) -> Double.compare(data.label(x), data.label(y)));
    int[] byLabel = new int[rows];
    int[] start = new int[rows];
    int[] end = new int[rows];
    int[] pairable = new int[rows];
    int eligible = 0;
    for (int p = 0; p < rows;) {
      int q = p;
      while (q < rows && data.label(boxed[q]) == data.label(boxed[p])) {
        q++;
      }
      for (int t = p; t < q; t++) {
        byLabel[t] = boxed[t];
        start[t] = p;
        end[t] = q;
        if (q - p >= 2) {
          pairable[eligible++] = t;
        }
      }
      p = q;
    }
    if (eligible == 0 || rows == 0 || end[0] == rows) {
      throw new IllegalArgumentException(
          "deriving pairs from labels needs at least two classes and a class with two rows");
    }
    SplittableRandom rng = new SplittableRandom(seed);
    int[] a = new int[n];
    int[] b = new int[n];
    boolean[] s = new boolean[n];
    for (int p = 0; p < n; p++) {
      int t;
      int u;
      if (p % 2 == 0) {
        t = pairable[rng.nextInt(eligible)];
        u = start[t] + rng.nextInt(end[t] - start[t] - 1);
        if (u >= t) {
          u++;
        }
        s[p] = true;
      } else {
        t = rng.nextInt(rows);
        u = rng.nextInt(rows - (end[t] - start[t]));
        if (u >= start[t]) {
          u += end[t] - start[t];
        }
      }
      a[p] = byLabel[t];
      b[p] = byLabel[u];
    }
    return new Pairs(a, b, s);
  }
}
