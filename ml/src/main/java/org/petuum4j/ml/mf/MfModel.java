package org.petuum4j.ml.mf;

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
import org.petuum4j.ml.data.Ratings;

/**
 * A trained matrix factorisation: the rating of user {@code u} for item {@code i} is predicted as
 * {@code mean + p_u . q_i}, with the {@code k}-dimensional factors of the users and items seen in
 * training; for an id not seen in training the prediction is {@code mean}. Keeps the mapping from
 * the file's ids to factors. Immutable and thread-safe.
 *
 * <h2>File format</h2>
 *
 * A UTF-8 text file, lines ending in {@code \n}:
 *
 * <pre>
 * petuum4j-mf v1
 * rank 2
 * mean 3.5
 * users 1
 * 17 0.25 -1.5
 * items 1
 * 40 1.0 0.125
 * </pre>
 *
 * After the tag, the rank {@code k >= 1} and the mean (written by {@link Double#toString}); then
 * the number of users and one line per user, its id (a non-negative integer, strictly increasing)
 * and {@code k} factors written by {@link Float#toString(float)}, so a file round-trips bit for
 * bit; then the same for the items. {@link #save} writes atomically; {@link #load} rejects any
 * deviation with a {@link MalformedDataException} naming file and line.
 */
public final class MfModel {
  static final String FORMAT_TAG = "petuum4j-mf v1";

  private final int rank;
  private final double mean;
  private final long[] userIds;
  private final long[] itemIds;
  private final float[] userFactors;
  private final float[] itemFactors;

  /**
   * A model from ascending distinct ids and their factors, {@code rank} per id, row after row
   * (arrays copied).
   */
  public MfModel(int rank, double mean, long[] userIds, float[] userFactors, long[] itemIds, float[] itemFactors) {
    if (rank < 1 || userFactors.length != (long) userIds.length * rank || itemFactors.length != (long) itemIds.length * rank) {
      throw new IllegalArgumentException("need rank >= 1 and rank factors per id");
    }
    if (!Double.isFinite(mean)) {
      throw new IllegalArgumentException("mean is not finite: " + mean);
    }
    checkIds("user", userIds);
    checkIds("item", itemIds);
    this.rank = rank;
    this.mean = mean;
    this.userIds = userIds.clone();
    this.itemIds = itemIds.clone();
    this.userFactors = userFactors.clone();
    this.itemFactors = itemFactors.clone();
  }

  private static void checkIds(String what, long[] ids) {
    for (int k = 0; k < ids.length; k++) {
      if (ids[k] < 0 || (k > 0 && ids[k] <= ids[k - 1])) {
        throw new IllegalArgumentException(what + " ids must be non-negative and strictly increasing");
      }
    }
  }

  public int rank() {
    return rank;
  }

  /** The mean training rating, the prediction's offset. */
  public double mean() {
    return mean;
  }

  public int users() {
    return userIds.length;
  }

  public int items() {
    return itemIds.length;
  }

  /** The predicted rating of {@code user} for {@code item} (ids as in the data files). */
  public double predict(long user, long item) {
    int u = Arrays.binarySearch(userIds, user);
    int i = Arrays.binarySearch(itemIds, item);
    if (u < 0 || i < 0) {
      return mean;
    }
    double dot = 0;
    for (int f = 0; f < rank; f++) {
      dot += userFactors[u * rank + f] * itemFactors[i * rank + f];
    }
    return mean + dot;
  }

  /** The factors of {@code user}, or null if it was not in the training set. */
  public float[] userFactors(long user) {
    int u = Arrays.binarySearch(userIds, user);
    return u < 0 ? null : Arrays.copyOfRange(userFactors, u * rank, (u + 1) * rank);
  }

  /** The factors of {@code item}, or null if it was not in the training set. */
  public float[] itemFactors(long item) {
    int i = Arrays.binarySearch(itemIds, item);
    return i < 0 ? null : Arrays.copyOfRange(itemFactors, i * rank, (i + 1) * rank);
  }

  /** Root mean squared error of the predictions on {@code ratings}, which must not be empty. */
  public double rmse(Ratings ratings) {
    if (ratings.size() == 0) {
      throw new IllegalArgumentException("cannot evaluate on no ratings");
    }
    double sse = 0;
    for (int k = 0; k < ratings.size(); k++) {
      double e = ratings.value(k) - predict(ratings.user(k), ratings.item(k));
      sse += e * e;
    }
    return Math.sqrt(sse / ratings.size());
  }

  /** Writes the model in the format above, atomically. */
  public void save(Path file) throws IOException {
    AtomicFile.write(file, out -> {
      Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      w.write(FORMAT_TAG + "\nrank " + rank + "\nmean " + mean + "\n");
      writeFactors(w, "users", userIds, userFactors);
      writeFactors(w, "items", itemIds, itemFactors);
      w.flush();
    });
  }

  private void writeFactors(Writer w, String header, long[] ids, float[] factors) throws IOException {
    w.write(header + " " + ids.length + "\n");
    StringBuilder line = new StringBuilder(16 + 12 * rank);
    for (int k = 0; k < ids.length; k++) {
      line.setLength(0);
      line.append(ids[k]);
      for (int f = 0; f < rank; f++) {
        line.append(' ').append(factors[k * rank + f]);
      }
      w.append(line.append('\n'));
    }
  }

  /**
   * Reads a model written by {@link #save}.
   *
   * @throws MalformedDataException if the file is not in the documented format
   */
  public static MfModel load(Path file) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Lines in = new Lines(file.toString(), r);
      String tag = in.next();
      if (!FORMAT_TAG.equals(tag)) {
        throw in.error("not a petuum4j matrix factorisation model (expected '" + FORMAT_TAG + "')");
      }
      int rank = (int) in.header("rank", 1, MfConfig.MAX_RANK);
      String meanLine = in.next();
      double mean;
      try {
        mean = meanLine != null && meanLine.startsWith("mean ") ? Double.parseDouble(meanLine.substring(5)) : Double.NaN;
      } catch (NumberFormatException e) {
        mean = Double.NaN;
      }
      if (!Double.isFinite(mean)) {
        throw in.error("expected 'mean <finite number>'");
      }
      int users = (int) in.header("users", 0, Integer.MAX_VALUE - 8);
      long[] userIds = new long[users];
      float[] userFactors = readFactors(in, rank, userIds);
      int items = (int) in.header("items", 0, Integer.MAX_VALUE - 8);
      long[] itemIds = new long[items];
      float[] itemFactors = readFactors(in, rank, itemIds);
      if (in.next() != null) {
        throw in.error("unexpected line after the " + items + " items");
      }
      return new MfModel(rank, mean, userIds, userFactors, itemIds, itemFactors);
    }
  }

  private static float[] readFactors(Lines in, int rank, long[] ids) throws IOException {
    float[] factors = new float[ids.length * rank];
    for (int k = 0; k < ids.length; k++) {
      String line = in.next();
      if (line == null) {
        throw in.error("file ends after " + k + " of " + ids.length + " ids");
      }
      String[] f = line.split(" ");
      if (f.length != rank + 1) {
        throw in.error("expected an id and " + rank + " factors");
      }
      try {
        ids[k] = Long.parseLong(f[0]);
        for (int j = 0; j < rank; j++) {
          factors[k * rank + j] = Float.parseFloat(f[j + 1]);
          if (!Float.isFinite(factors[k * rank + j])) {
            throw in.error("factor '" + f[j + 1] + "' is not finite");
          }
        }
      } catch (NumberFormatException e) {
        throw in.error("expected an id and " + rank + " numbers");
      }
      if (ids[k] < 0 || (k > 0 && ids[k] <= ids[k - 1])) {
        throw in.error("ids must be non-negative and strictly increasing");
      }
    }
    return factors;
  }

  /** Numbered lines and errors that name them. */
  private static final class Lines {
    private final String name;
    private final BufferedReader reader;
    private long lineNo;
    private String line = "";

    Lines(String name, BufferedReader reader) {
      this.name = name;
      this.reader = reader;
    }

    String next() throws IOException {
      String l = reader.readLine();
      if (l != null) {
        lineNo++;
        line = l;
      } else {
        lineNo++;
        line = "";
      }
      return l;
    }

    long header(String key, long min, long max) throws IOException {
      String l = next();
      String prefix = key + " ";
      long v;
      try {
        v = l != null && l.startsWith(prefix) ? Long.parseLong(l.substring(prefix.length())) : Long.MIN_VALUE;
      } catch (NumberFormatException e) {
        v = Long.MIN_VALUE;
      }
      if (v < min || v > max) {
        throw error("expected '" + key + " <integer in [" + min + ", " + max + "]>'");
      }
      return v;
    }

    MalformedDataException error(String problem) {
      return new MalformedDataException(name, lineNo, problem, line);
    }
  }

  @Override
  public String toString() {
    return "MfModel[rank=" + rank + ", users=" + userIds.length + ", items=" + itemIds.length + "]";
  }
}
