package org.petuum4j.ml.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The text model files: writing a header and rows of numbers atomically, and parsing the tag, header
 * and number lines with errors naming file and line.
 */
public final class ModelText {
  private ModelText() {}

  /**
   * Writes {@code header} (its own lines, each ending in a newline) and then one line per row, its
   * numbers separated by single spaces, to {@code file}, atomically.
   */
  public static void save(Path file, String header, double[][] rows) throws IOException {
    AtomicFile.write(file, out -> {
      Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      w.write(header);
      StringBuilder line = new StringBuilder();
      for (double[] row : rows) {
        line.setLength(0);
        for (int j = 0; j < row.length; j++) {
          line.append(j == 0 ? "" : " ").append(row[j]);
        }
        w.append(line).append('\n');
      }
      w.flush();
    });
  }

  /** Reads the first line and checks it is {@code tag}, the tag of a {@code what} model file. */
  public static void tag(BufferedReader r, String file, String tag, String what) throws IOException {
    String line = r.readLine();
    if (!tag.equals(line)) {
      throw new MalformedDataException(file, 1, "not a petuum4j " + what + " model (expected '" + tag + "')",
          line == null ? "" : line);
    }
  }

  /** Reads the header line {@code key N}, N in [1, 2^24]. */
  public static int header(BufferedReader r, String file, int lineNo, String key) throws IOException {
    String line = r.readLine();
    String text = line == null ? "" : line;
    try {
      if (text.startsWith(key + " ")) {
        int v = Integer.parseInt(text.substring(key.length() + 1));
        if (v >= 1 && v <= 1 << 24) {
          return v;
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new MalformedDataException(file, lineNo, "expected '" + key + " N' with N in [1, 2^24]", text);
  }

  /** Parses a line of exactly {@code n} space-separated finite numbers. */
  public static double[] numbers(String line, String file, long lineNo, int n) throws IOException {
    if (line == null) {
      throw new MalformedDataException(file, lineNo, "file ends early", "");
    }
    String[] f = line.isEmpty() ? new String[0] : line.split(" ", -1);
    if (f.length != n) {
      throw new MalformedDataException(file, lineNo, "expected " + n + " numbers, found " + f.length, line);
    }
    double[] v = new double[n];
    for (int j = 0; j < n; j++) {
      try {
        v[j] = Double.parseDouble(f[j]);
      } catch (NumberFormatException e) {
        v[j] = Double.NaN;
      }
      if (!Double.isFinite(v[j])) {
        throw new MalformedDataException(file, lineNo, "'" + f[j] + "' is not a finite number", line);
      }
    }
    return v;
  }
}
