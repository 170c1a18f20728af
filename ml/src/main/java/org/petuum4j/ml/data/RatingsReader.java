package org.petuum4j.ml.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads ratings files, the input of matrix factorisation, in two families of formats, told apart
 * per file by its first line:
 *
 * <ul>
 *   <li><b>Delimited</b> (MovieLens style): one rating per line, {@code user item rating} or
 *       {@code user item rating timestamp}, separated by tab, comma or {@code ::}. The separator is
 *       that of the first data line ({@code ::} if it has one, else tab if it has one, else comma)
 *       and every other line must use it. Ids are non-negative integers (any, not necessarily
 *       dense); the rating a finite decimal number; the timestamp, if present, an integer (read and
 *       ignored). Blank lines are skipped. The first line may be a header whose first field starts
 *       with a letter ({@code userId,movieId,rating,timestamp}); it is skipped.
 *   <li><b>Matrix Market</b> coordinate files ({@code %%MatrixMarket matrix coordinate real
 *       general}, read by {@link MatrixMarketReader}): row = user id, column = item id, both the
 *       1-based indices as written. Repeated entries are kept as separate ratings.
 * </ul>
 *
 * <p>Every deviation is a {@link MalformedDataException} naming file, line and what was wrong, e.g.
 * {@code r.csv:3: item id '-2' is not a non-negative integer in line '1,-2,4'}.
 */
public final class RatingsReader {
  private RatingsReader() {}

  /** Reads {@code file} in whichever of the formats above its first line shows. */
  public static Ratings read(Path file) throws IOException {
    if (MatrixMarketReader.isMatrixMarket(file)) {
      return readMatrixMarket(file);
    }
    return readDelimited(file);
  }

  private static Ratings readMatrixMarket(Path file) throws IOException {
    MatrixMarketReader.Coordinates c = MatrixMarketReader.readCoordinates(file);
    int n = c.v.length;
    long[] users = new long[n];
    long[] items = new long[n];
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      users[i] = c.r[i] + 1L;
      items[i] = c.c[i] + 1L;
      values[i] = (float) c.v[i];
      if (!Float.isFinite(values[i])) {
        throw new MalformedDataException(file.toString(), 1, "rating " + c.v[i] + " of entry " + (i + 1)
            + " overflows a float", "");
      }
    }
    return new Ratings(users, items, values);
  }

  private static Ratings readDelimited(Path file) throws IOException {
    String name = file.toString();
    int cap = 1 << 12;
    long[] users = new long[cap];
    long[] items = new long[cap];
    float[] values = new float[cap];
    int n = 0;
    String sep = null;
    long lineNo = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        if (sep == null) {
          sep = line.contains("::") ? "::" : line.indexOf('\t') >= 0 ? "\t" : ",";
          if (lineNo == 1 && Character.isLetter(line.strip().charAt(0))) {
            continue;
          }
        }
        String[] f = split(line, sep);
        if (f.length < 3 || f.length > 4) {
          throw new MalformedDataException(name, lineNo, "expected 'user" + show(sep) + "item" + show(sep)
              + "rating[" + show(sep) + "timestamp]' (3 or 4 fields separated by " + describe(sep)
              + ", as on the first line), found " + f.length + " field" + (f.length == 1 ? "" : "s"), line);
        }
        if (n == users.length) {
          users = Arrays.copyOf(users, 2 * n);
          items = Arrays.copyOf(items, 2 * n);
          values = Arrays.copyOf(values, 2 * n);
        }
        users[n] = id(name, lineNo, line, f[0], "user");
        items[n] = id(name, lineNo, line, f[1], "item");
        double v = MatrixMarketReader.decimal(f[2].strip());
        if (Double.isNaN(v) || !Float.isFinite((float) v)) {
          throw new MalformedDataException(name, lineNo, "rating '" + f[2] + "' is not a finite decimal number", line);
        }
        values[n] = (float) v;
        if (f.length == 4) {
          try {
            Long.parseLong(f[3].strip());
          } catch (NumberFormatException e) {
            throw new MalformedDataException(name, lineNo, "timestamp '" + f[3] + "' is not an integer", line);
          }
        }
        n++;
      }
    }
    return new Ratings(Arrays.copyOf(users, n), Arrays.copyOf(items, n), Arrays.copyOf(values, n));
  }

  /** Splits on every occurrence of {@code sep}, keeping empty fields (so "1,,3" has 3 fields). */
  private static String[] split(String line, String sep) {
    String[] f = new String[5];
    int n = 0;
    int from = 0;
    while (n < 5) {
      int at = line.indexOf(sep, from);
      if (at < 0) {
        f[n++] = line.substring(from);
        break;
      }
      f[n++] = line.substring(from, at);
      from = at + sep.length();
    }
    return Arrays.copyOf(f, n);
  }

  private static long id(String file, long lineNo, String line, String token, String what)
      throws MalformedDataException {
    String t = token.strip();
    boolean digits = !t.isEmpty() && t.length() <= 18;
    for (int i = 0; digits && i < t.length(); i++) {
      digits = t.charAt(i) >= '0' && t.charAt(i) <= '9';
    }
    if (!digits) {
      throw new MalformedDataException(file, lineNo, what + " id '" + token + "' is not a non-negative integer", line);
    }
    return Long.parseLong(t);
  }

  private static String show(String sep) {
    return sep.equals("\t") ? "<TAB>" : sep;
  }

  private static String describe(String sep) {
    return switch (sep) {
      case "\t" -> "tabs";
      case "::" -> "'::'";
      default -> "commas";
    };
  }
}
