package org.petuum4j.ml.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a CSV file of numbers into a {@link DenseDataset} (labels 0): one example per line, fields
 * separated by commas, each a finite decimal number ({@code 1}, {@code -0.5}, {@code 2e-3}),
 * surrounding blanks allowed. Every line has as many fields as the first; blank lines and lines
 * starting with {@code #} are skipped; CRLF line ends are fine. There is no header line. Every error
 * is a {@link MalformedDataException} naming the file, the line and the line's text.
 */
public final class CsvReader {
  private CsvReader() {}

  /**
   * Reads the whole file.
   *
   * @throws MalformedDataException on the first malformed line
   * @throws java.nio.file.NoSuchFileException if the file does not exist
   */
  public static DenseDataset read(Path file) throws IOException {
    String name = file.toString();
    int dimension = -1;
    double[] values = new double[1024];
    int size = 0;
    long lineNo = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        String body = line.strip();
        if (body.isEmpty() || body.startsWith("#")) {
          continue;
        }
        String[] fields = body.split(",", -1);
        if (dimension < 0) {
          dimension = fields.length;
        } else if (fields.length != dimension) {
          throw new MalformedDataException(name, lineNo,
              "expected " + dimension + " fields as in the first line, found " + fields.length, line);
        }
        if (values.length - size < dimension) {
          values = Arrays.copyOf(values, Math.max(2 * values.length, size + dimension));
        }
        for (int f = 0; f < fields.length; f++) {
          double v = MatrixMarketReader.decimal(fields[f].strip());
          if (Double.isNaN(v)) {
            throw new MalformedDataException(name, lineNo,
                "field " + (f + 1) + " '" + fields[f].strip() + "' is not a finite decimal number", line);
          }
          values[size++] = v;
        }
      }
    }
    if (dimension < 0) {
      return DenseDataset.trusted(1, new double[0], new double[0]);
    }
    return DenseDataset.trusted(dimension, Arrays.copyOf(values, size), new double[size / dimension]);
  }
}
