package org.petuum4j.ml.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads LibSVM files ({@code label index:value index:value ...}, one example per line) into a
 * {@link SparseDataset}.
 *
 * <p>The format as accepted here: labels are {@code 0}/{@code 1} or {@code -1}/{@code +1} (any
 * numeric spelling, e.g. {@code 1.0}), mapped to 0 and 1; anything else is an error. Indices are
 * 1-based by default ({@link #oneBased()}), as in the LibSVM tools, or 0-based ({@link
 * #zeroBased()}); either way the data set stores 0-based columns. Values are decimal numbers that
 * fit a float. Fields are separated by spaces or tabs; CRLF line ends are fine; {@code #} starts a
 * comment (whole line, or after the last feature); blank lines are skipped. Rows with unsorted
 * indices are sorted; a repeated index is an error. Every error is a {@link
 * MalformedDataException} naming the file, the line number and the line.
 *
 * <pre>{@code
 * SparseDataset train = LibSvmReader.oneBased().read(Path.of("train.libsvm"));
 * SparseDataset other = LibSvmReader.zeroBased().threads(4).read(Path.of("data.svm0"));
 * }</pre>
 *
 * <p>Implementation notes: the file is cut into chunks of about {@value #DEFAULT_CHUNK_BYTES}
 * bytes, each ending just after a newline; chunks are read with positional reads and parsed in
 * parallel, straight from bytes, then concatenated in file order. Instances are immutable and
 * thread-safe.
 */
public final class LibSvmReader {
  static final int DEFAULT_CHUNK_BYTES = 32 << 20;
  private static final int SCAN_BYTES = 64 << 10;

  private final int indexBase;
  private final int threads;
  private final int chunkBytes;

  private LibSvmReader(int indexBase, int threads, int chunkBytes) {
    this.indexBase = indexBase;
    this.threads = threads;
    this.chunkBytes = chunkBytes;
  }

  /** A reader for 1-based indices (the LibSVM convention), using every available core. */
  public static LibSvmReader oneBased() {
    return new LibSvmReader(1, Runtime.getRuntime().availableProcessors(), DEFAULT_CHUNK_BYTES);
  }

  /** A reader for 0-based indices, using every available core. */
  public static LibSvmReader zeroBased() {
    return new LibSvmReader(0, Runtime.getRuntime().availableProcessors(), DEFAULT_CHUNK_BYTES);
  }

  /** The same reader with {@code threads} parser threads ({@code >= 1}). */
  public LibSvmReader threads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, was " + threads);
    }
    return new LibSvmReader(indexBase, threads, chunkBytes);
  }

  /** Chunk size; small values let tests cross chunk boundaries with small files. */
  LibSvmReader chunkBytes(int chunkBytes) {
    if (chunkBytes < 1) {
      throw new IllegalArgumentException("chunkBytes must be >= 1, was " + chunkBytes);
    }
    return new LibSvmReader(indexBase, threads, chunkBytes);
  }

  /** True if this reader expects 0-based indices. */
  public boolean isZeroBased() {
    return indexBase == 0;
  }

  /**
   * Reads the whole file.
   *
   * @throws MalformedDataException on the first malformed line, naming file, line and text
   * @throws java.nio.file.NoSuchFileException if the file does not exist
   * @throws IOException on other read failures
   */
  public SparseDataset read(Path file) throws IOException {
    String name = file.toString();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      List<long[]> chunks = chunkBounds(ch, chunkBytes);
      List<LibSvmChunkParser> parsed = parseChunks(ch, chunks, threads, name, bytes -> {
        LibSvmChunkParser p = new LibSvmChunkParser(bytes, 0, bytes.length, indexBase);
        p.parse();
        return p;
      }, p -> p.problem != null);
      return concatenate(parsed, name);
    }
  }

  /**
   * Reads the whole file as {@link #read}, or returns the data set an earlier {@code readShared}
   * of this JVM made of the same file with the same index base, if that data set is still in use
   * and the file has kept its size and modification time since. So a command that checks its input
   * and then starts an embedded job, whose program reads the same file, parses it once.
   *
   * <p>Implementation notes. The cache holds weak references only, so it never keeps a data set
   * alive by itself; data sets are immutable, so sharing one between readers is safe. Keyed by the
   * real path, the index base, size and modification time: a file rewritten in between is read
   * again (a rewrite within the file system's time resolution that keeps the size is not seen;
   * that is the trade for not hashing gigabytes).
   */
  public SparseDataset readShared(Path file) throws IOException {
    java.nio.file.attribute.BasicFileAttributes a =
        java.nio.file.Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
    String key = file.toRealPath() + "|" + indexBase + "|" + a.size() + "|" + a.lastModifiedTime().toMillis();
    synchronized (SHARED) {
      java.lang.ref.WeakReference<SparseDataset> ref = SHARED.get(key);
      SparseDataset cached = ref == null ? null : ref.get();
      if (cached != null) {
        return cached;
      }
    }
    SparseDataset data = read(file);
    synchronized (SHARED) {
      SHARED.values().removeIf(r -> r.get() == null);
      SHARED.put(key, new java.lang.ref.WeakReference<>(data));
    }
    return data;
  }

  private static final java.util.Map<String, java.lang.ref.WeakReference<SparseDataset>> SHARED =
      new java.util.HashMap<>();

  /**
   * Splits the file into {@code [from, to)} ranges of about {@code chunkBytes} that each end just
   * after a newline or at EOF.
   */
  static List<long[]> chunkBounds(FileChannel ch, int chunkBytes) throws IOException {
    long size = ch.size();
    List<long[]> bounds = new ArrayList<>();
    long from = 0;
    ByteBuffer scan = ByteBuffer.allocate(SCAN_BYTES);
    while (from < size) {
      long to = from + chunkBytes;
      if (to >= size) {
        to = size;
      } else {
        to = nextLineStart(ch, to, size, scan);
      }
      bounds.add(new long[] {from, to});
      from = to;
    }
    return bounds;
  }

  /** The position just after the first newline at or after {@code pos}, or {@code size}. */
  private static long nextLineStart(FileChannel ch, long pos, long size, ByteBuffer scan)
      throws IOException {
    long p = pos;
    while (p < size) {
      scan.clear();
      int n = ch.read(scan, p);
      if (n <= 0) {
        break;
      }
      byte[] a = scan.array();
      for (int i = 0; i < n; i++) {
        if (a[i] == '\n') {
          return p + i + 1;
        }
      }
      p += n;
    }
    return size;
  }

  /**
   * Reads each chunk's bytes and parses them with {@code parser}, on up to {@code threads}
   * threads; returns the results in file order, up to and including the first {@code failed} one
   * (so that the first bad line reported is the first in the file).
   */
  static <T> List<T> parseChunks(FileChannel ch, List<long[]> chunks, int threads, String name,
      Function<byte[], T> parser, Predicate<T> failed) throws IOException {
    List<T> out = new ArrayList<>(chunks.size());
    if (threads == 1 || chunks.size() <= 1) {
      try {
        for (long[] c : chunks) {
          T p = parser.apply(readChunk(ch, c));
          out.add(p);
          if (failed.test(p)) {
            break;
          }
        }
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      return out;
    }
    ExecutorService pool = Executors.newFixedThreadPool(
        Math.min(threads, chunks.size()), daemonThreads("libsvm-reader-" + name));
    try {
      List<Future<T>> futures = new ArrayList<>(chunks.size());
      for (long[] c : chunks) {
        futures.add(pool.submit(() -> parser.apply(readChunk(ch, c))));
      }
      for (Future<T> f : futures) {
        T p = f.get();
        out.add(p);
        if (failed.test(p)) {
          break;
        }
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading " + name);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IOException("reading " + name + " failed", cause);
    } finally {
      pool.shutdownNow();
    }
  }

  private static byte[] readChunk(FileChannel ch, long[] bounds) {
    int length = Math.toIntExact(bounds[1] - bounds[0]);
    byte[] bytes = new byte[length];
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    try {
      while (buf.hasRemaining()) {
        int n = ch.read(buf, bounds[0] + buf.position());
        if (n < 0) {
          throw new IOException("file shrank while reading at byte " + (bounds[0] + buf.position()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes;
  }

  /**
   * The rows, non-zeros and largest column of a file's parsed chunks, in file order.
   *
   * @throws MalformedDataException for the first chunk with a bad line, with its file-wide number
   * @throws IOException if the chunks hold more than one data set can
   */
  static Totals totals(List<? extends ParsedChunk> chunks, String name) throws IOException {
    long lineOffset = 0;
    long totalRows = 0;
    long totalNnz = 0;
    int maxCol = -1;
    for (ParsedChunk c : chunks) {
      if (c.problem != null) {
        throw new MalformedDataException(name, lineOffset + c.lines, c.problem, c.problemLine);
      }
      lineOffset += c.lines;
      totalRows += c.rows;
      totalNnz += c.nnz;
      maxCol = Math.max(maxCol, c.maxCol);
    }
    if (totalNnz > Integer.MAX_VALUE - 8 || totalRows > Integer.MAX_VALUE - 8) {
      throw new IOException(name + ": too large for one data set (" + totalRows + " rows, "
          + totalNnz + " non-zeros; at most 2^31 - 9 each)");
    }
    return new Totals((int) totalRows, (int) totalNnz, maxCol);
  }

  /** A whole file's rows, non-zeros and largest column, each small enough for one data set. */
  record Totals(int rows, int nnz, int maxCol) {}

  private static SparseDataset concatenate(List<LibSvmChunkParser> parsed, String name)
      throws IOException {
    Totals t = totals(parsed, name);
    int[] rowPtr = new int[t.rows() + 1];
    int[] cols = new int[t.nnz()];
    float[] vals = new float[t.nnz()];
    float[] labels = new float[t.rows()];
    ParsedChunk.concatenate(parsed, rowPtr, cols, vals, labels);
    return SparseDataset.trusted(rowPtr, cols, vals, labels, t.maxCol() + 1);
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
