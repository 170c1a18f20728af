package org.petuum4j.ml.data;

import java.io.BufferedReader;
import java.io.IOException;

/** Parsing of the header and number lines of the text model files, with errors naming file and line. */
public final class ModelText {
  private ModelText() {}

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
