package org.petuum4j.spark;

import java.io.Serializable;
import java.util.List;

/**
 * How a fit went: the objective after every pass, as the workers reported it, and the platform's
 * notes (e.g. {@code "resuming from checkpoint ... at clock 40"} after Spark retried the barrier
 * stage). Kept by the model that the fit produced; not saved with it. Immutable.
 */
public final class PetuumTrainingSummary implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String objective;
  private final double[] objectiveHistory;
  private final double[] seconds;
  private final List<String> notes;

  PetuumTrainingSummary(String objective, double[] objectiveHistory, double[] seconds, List<String> notes) {
    this.objective = objective;
    this.objectiveHistory = objectiveHistory.clone();
    this.seconds = seconds.clone();
    this.notes = List.copyOf(notes);
  }

  /** What {@link #objectiveHistory()} measures, e.g. {@code "mean training log-loss"}. */
  public String objective() {
    return objective;
  }

  /** The objective after each pass, in order; a resumed fit lists the passes since the resume. */
  public double[] objectiveHistory() {
    return objectiveHistory.clone();
  }

  /** Training seconds up to the end of each pass, as the workers measured them. */
  public double[] seconds() {
    return seconds.clone();
  }

  /** Passes reported. */
  public int totalIterations() {
    return objectiveHistory.length;
  }

  /** The platform's notes, in order. */
  public List<String> notes() {
    return notes;
  }

  /** Whether the fit continued from a checkpoint after Spark retried its stage. */
  public boolean resumed() {
    return notes.stream().anyMatch(n -> n.startsWith("resuming from checkpoint"));
  }
}
