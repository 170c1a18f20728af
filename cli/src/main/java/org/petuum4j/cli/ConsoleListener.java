package org.petuum4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Function;
import org.petuum4j.ml.logreg.EpochMetrics;
import org.petuum4j.ml.logreg.TrainingListener;

/**
 * Prints one line per epoch on stdout and, when stderr is a terminal, a progress bar for the
 * running epoch on stderr. Worker threads call {@link #onProgress} after every mini-batch, so it
 * returns at once unless a redraw is due (at most ten per second).
 */
final class ConsoleListener implements TrainingListener {
  private static final long REDRAW_NANOS = 100_000_000L;
  private static final int BAR_CELLS = 30;

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean showBar;
  private final int epochs;
  private final Function<EpochMetrics, String> line;
  private volatile long nextDraw;
  private boolean barVisible;

  ConsoleListener(PrintWriter out, PrintWriter err, boolean showBar, int epochs,
      Function<EpochMetrics, String> line) {
    this.out = out;
    this.err = err;
    this.showBar = showBar;
    this.epochs = epochs;
    this.line = line;
  }

  @Override
  public void onEpoch(EpochMetrics metrics) {
    synchronized (this) {
      clearBar();
      out.println(line.apply(metrics));
      out.flush();
      nextDraw = System.nanoTime() + REDRAW_NANOS;
    }
  }

  @Override
  public void onNote(String message) {
    synchronized (this) {
      clearBar();
      out.println("# " + message);
      out.flush();
    }
  }

  @Override
  public void onProgress(int epoch, long done, long total) {
    if (!showBar || System.nanoTime() < nextDraw) {
      return;
    }
    synchronized (this) {
      long now = System.nanoTime();
      if (now < nextDraw) {
        return;
      }
      nextDraw = now + REDRAW_NANOS;
      err.print("\r" + bar(epoch, epochs, done, total));
      err.flush();
      barVisible = true;
    }
  }

  private void clearBar() {
    if (barVisible) {
      err.print("\r" + " ".repeat(bar(1, 1, 0, 1).length() + 24) + "\r");
      err.flush();
      barVisible = false;
    }
  }

  static String bar(int epoch, int epochs, long done, long total) {
    // Clamped, so that a count that is off (a process's, a resumed epoch's) draws a full or empty
    // bar instead of failing the job: "#".repeat(-1) throws.
    double f = total <= 0 ? 1 : Math.max(0.0, Math.min(1.0, (double) done / total));
    int filled = (int) Math.round(f * BAR_CELLS);
    return String.format(Locale.ROOT, "epoch %d/%d [%s%s] %3.0f%% %,d/%,d",
        epoch, epochs, "#".repeat(filled), ".".repeat(BAR_CELLS - filled), 100 * f, done, total);
  }
}
