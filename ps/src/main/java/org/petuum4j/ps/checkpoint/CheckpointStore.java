package org.petuum4j.ps.checkpoint;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.petuum4j.ps.TableSpec;

/**
 * A directory of checkpoints: {@code ckpt-<clock>/} each holding server row files, worker state
 * files and a {@code manifest} that names the app, the clock, the table specs and every file with
 * its SHA-256. Files are written into {@code .staging-<clock>/}, each fsynced; the manifest is
 * written last, and the directory is then renamed into place, so a checkpoint either exists
 * completely or not at all. The newest {@code keep} are kept. Thread-safe for distinct files.
 */
public final class CheckpointStore {
  static final String MANIFEST = "manifest";
  private static final String HEADER = "petuum4j-checkpoint v1";
  private final Path dir;
  private final int keep;

  /** A committed checkpoint. */
  public record Checkpoint(Path dir, int clock) {
    /** Opens one of its files. */
    public InputStream open(String file) throws IOException {
      return Files.newInputStream(dir.resolve(file));
    }

    /** Its server row files. */
    public List<String> shardFiles() throws IOException {
      try (Stream<Path> s = Files.list(dir)) {
        return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("shard-")).sorted().toList();
      }
    }
  }

  /** Writes one file's content. */
  @FunctionalInterface
  public interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  public CheckpointStore(Path dir, int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep must be >= 1, was " + keep);
    }
    this.dir = dir;
    this.keep = keep;
  }

  public Path dir() {
    return dir;
  }

  /** The staging directory of the checkpoint at {@code clock}, created if needed. */
  public Path staging(int clock) {
    Path s = dir.resolve(String.format(".staging-%09d", clock));
    try {
      Files.createDirectories(s);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create checkpoint directory " + s, e);
    }
    return s;
  }

  /** Writes {@code file} durably (fsync) and returns its SHA-256 in hex. */
  public static String write(Path file, Writer writer) throws IOException {
    MessageDigest sha = sha256();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      OutputStream raw = java.nio.channels.Channels.newOutputStream(ch);
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new DigestOutputStream(raw, sha), 1 << 16));
      writer.write(out);
      out.flush();
      ch.force(true);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /**
   * Commits the staged checkpoint at {@code clock}: writes its manifest listing {@code files}
   * (name to SHA-256), renames it into place and drops checkpoints beyond the newest {@code keep}.
   */
  public Checkpoint commit(int clock, String app, List<TableSpec> specs, int workers, Map<String, String> files)
      throws IOException {
    Path staging = staging(clock);
    StringBuilder m = new StringBuilder(HEADER).append('\n');
    m.append("app ").append(app).append('\n').append("clock ").append(clock).append('\n')
        .append("workers ").append(workers).append('\n');
    for (TableSpec t : specs) {
      m.append("table ").append(describe(t)).append('\n');
    }
    for (Map.Entry<String, String> f : new TreeMap<>(files).entrySet()) {
      m.append("file ").append(f.getKey()).append(' ').append(f.getValue()).append('\n');
    }
    m.append("end\n");
    write(staging.resolve(MANIFEST), out -> out.write(m.toString().getBytes(StandardCharsets.UTF_8)));
    Path target = dir.resolve(String.format("ckpt-%09d", clock));
    if (Files.exists(target)) {
      deleteTree(target);
    }
    try {
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(staging, target);
    }
    fsyncDir(dir);
    List<Path> all = committed();
    for (int i = 0; i + keep < all.size(); i++) {
      deleteTree(all.get(i));
    }
    return new Checkpoint(target, clock);
  }

  /**
   * The newest checkpoint whose files all match their checksums. A damaged or incomplete one is
   * reported to {@code warn} and skipped in favour of the one before.
   *
   * @throws CheckpointMismatchException if the newest intact checkpoint belongs to another app,
   *     has other table specs or another number of workers
   */
  public Optional<Checkpoint> latest(String app, List<TableSpec> specs, int workers, Consumer<String> warn)
      throws IOException {
    List<Path> all = committed();
    for (int i = all.size() - 1; i >= 0; i--) {
      Path c = all.get(i);
      String problem = verify(c);
      if (problem != null) {
        warn.accept("checkpoint " + c + " is damaged (" + problem + "); falling back to an older one");
        continue;
      }
      List<String> lines = Files.readAllLines(c.resolve(MANIFEST), StandardCharsets.UTF_8);
      String gotApp = value(lines, "app");
      if (!gotApp.equals(app)) {
        throw new CheckpointMismatchException("checkpoint " + c + " is of app " + gotApp + ", not " + app);
      }
      List<String> gotTables = lines.stream().filter(l -> l.startsWith("table ")).map(l -> l.substring(6)).toList();
      List<String> wantTables = specs.stream().map(CheckpointStore::describe).toList();
      if (!gotTables.equals(wantTables)) {
        throw new CheckpointMismatchException("checkpoint " + c + " has tables " + gotTables + ", this job has "
            + wantTables);
      }
      int gotWorkers = Integer.parseInt(value(lines, "workers"));
      if (gotWorkers != workers) {
        throw new CheckpointMismatchException("checkpoint " + c + " was taken with " + gotWorkers
            + " workers; resume it with as many (this job has " + workers + ")");
      }
      return Optional.of(new Checkpoint(c, Integer.parseInt(value(lines, "clock"))));
    }
    return Optional.empty();
  }

  private static String verify(Path c) {
    try {
      List<String> lines = Files.readAllLines(c.resolve(MANIFEST), StandardCharsets.UTF_8);
      if (lines.isEmpty() || !lines.get(0).equals(HEADER) || !lines.get(lines.size() - 1).equals("end")) {
        return "manifest incomplete";
      }
      for (String l : lines) {
        if (l.startsWith("file ")) {
          String[] f = l.split(" ");
          Path file = c.resolve(f[1]);
          if (!Files.isRegularFile(file)) {
            return f[1] + " missing";
          }
          MessageDigest sha = sha256();
          try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
              sha.update(buf, 0, n);
            }
          }
          if (!HexFormat.of().formatHex(sha.digest()).equals(f[2])) {
            return f[1] + " fails its checksum";
          }
        }
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return e.toString();
    }
  }

  private static String value(List<String> lines, String key) {
    for (String l : lines) {
      if (l.startsWith(key + " ")) {
        return l.substring(key.length() + 1);
      }
    }
    throw new IllegalArgumentException("manifest has no '" + key + "'");
  }

  private List<Path> committed() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().matches("ckpt-\\d{9}") && Files.isDirectory(p))
          .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
    }
  }

  static String describe(TableSpec t) {
    return t.name() + " " + t.kind() + " " + t.type() + " " + t.rows() + " " + t.width() + " "
        + t.consistency().model() + " " + t.consistency().staleness();
  }

  private static void deleteTree(Path p) throws IOException {
    List<Path> paths = new ArrayList<>();
    try (Stream<Path> s = Files.walk(p)) {
      s.forEach(paths::add);
    }
    for (int i = paths.size() - 1; i >= 0; i--) {
      Files.deleteIfExists(paths.get(i));
    }
  }

  private static void fsyncDir(Path d) {
    try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // some file systems cannot sync a directory; the rename is still atomic
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
