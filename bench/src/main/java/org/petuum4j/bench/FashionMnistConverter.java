package org.petuum4j.bench;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.petuum4j.ml.data.AtomicFile;
import org.petuum4j.ml.data.IdxReader;

/**
 * Turns Fashion-MNIST (Xiao et al., 2017) IDX files, as the Debian package {@code
 * dataset-fashion-mnist} installs them ({@code /usr/share/datasets/fashion-mnist/*-idx?-ubyte.gz}),
 * into LibSVM files: the label (0-9) then the non-zero pixels as {@code index:value} with 1-based
 * index {@code 1 + row * 28 + column} and value {@code pixel / 255}, written with up to 6
 * decimals. Zero pixels are left out, as LibSVM's sparse format allows.
 *
 * <p>Writes {@code train.libsvm} (60,000 images) and {@code test.libsvm} (10,000) into the output
 * directory, each atomically; checks that each image file and its label file hold the same number
 * of items and that labels are in [0, 9].
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.petuum4j.bench.FashionMnistConverter IDX_DIR OUT_DIR
 * </pre>
 */
public final class FashionMnistConverter {
  private FashionMnistConverter() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: FashionMnistConverter IDX_DIR OUT_DIR");
      System.exit(2);
    }
    try {
      Path in = Path.of(args[0]);
      Path out = Path.of(args[1]);
      int train = convert(in.resolve("train-images-idx3-ubyte.gz"), in.resolve("train-labels-idx1-ubyte.gz"),
          out.resolve("train.libsvm"));
      int test = convert(in.resolve("t10k-images-idx3-ubyte.gz"), in.resolve("t10k-labels-idx1-ubyte.gz"),
          out.resolve("test.libsvm"));
      System.out.printf(Locale.ROOT, "wrote %s: %d training images, %d test images, 784 features, 10 classes%n",
          out, train, test);
    } catch (IOException e) {
      System.err.println("FashionMnistConverter: " + e.getMessage());
      System.exit(2);
    }
  }

  /** Converts one image file and its label file into {@code out}; returns the number of images. */
  public static int convert(Path images, Path labels, Path out) throws IOException {
    IdxReader.IdxArray x = IdxReader.read(images, 3);
    IdxReader.IdxArray y = IdxReader.read(labels, 1);
    if (x.count() != y.count()) {
      throw new IOException(images + " holds " + x.count() + " images but " + labels + " holds "
          + y.count() + " labels");
    }
    for (int i = 0; i < y.count(); i++) {
      if (y.get(i, 0) > 9) {
        throw new IOException(labels + ": byte " + (8 + i) + ": label " + y.get(i, 0) + " of item " + i
            + " is not in [0, 9]");
      }
    }
    int size = x.itemSize();
    AtomicFile.write(out, os -> {
      Writer w = new OutputStreamWriter(os, StandardCharsets.US_ASCII);
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < x.count(); i++) {
        line.setLength(0);
        line.append(y.get(i, 0));
        for (int k = 0; k < size; k++) {
          int p = x.get(i, k);
          if (p != 0) {
            line.append(' ').append(k + 1).append(':').append(scaled(p));
          }
        }
        line.append('\n');
        w.append(line);
      }
      w.flush();
    });
    return x.count();
  }

  /** {@code p / 255} with at most 6 decimals, trailing zeros dropped ("1", "0.5", "0.003922"). */
  static String scaled(int p) {
    if (p == 255) {
      return "1";
    }
    String s = String.format(Locale.ROOT, "%.6f", p / 255.0);
    int end = s.length();
    while (s.charAt(end - 1) == '0') {
      end--;
    }
    return s.substring(0, end);
  }
}
