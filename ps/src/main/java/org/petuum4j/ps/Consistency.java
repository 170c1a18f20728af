package org.petuum4j.ps;

/**
 * The consistency model of a table, as stated in shared/DESIGN.md.
 *
 * <p>With staleness {@code s}, a read by a worker thread at clock {@code c} returns a row that
 * contains every update made by every thread at clocks {@code <= c - s - 1} and every update the
 * reading thread made itself. {@link #bsp()} is SSP(0); {@link #asp()} has no bound and never
 * blocks on clocks; {@link #sspPush(int)} has the SSP guarantee and, in addition, servers push
 * fresh copies of rows a process has read whenever their minimum clock advances.
 */
public record Consistency(Model model, int staleness) {

  /** The three mechanisms; BSP is {@code SSP} with staleness 0. */
  public enum Model {
    SSP,
    SSP_PUSH,
    ASP
  }

  /** Staleness value of {@link #asp()}: no bound. */
  public static final int UNBOUNDED = Integer.MAX_VALUE;

  public Consistency {
    if (model == null) {
      throw new IllegalArgumentException("consistency model must not be null");
    }
    if (staleness < 0) {
      throw new IllegalArgumentException("staleness must be >= 0 (or unbounded for ASP), was " + staleness);
    }
    if (model == Model.ASP && staleness != UNBOUNDED) {
      throw new IllegalArgumentException("ASP has unbounded staleness, was given " + staleness);
    }
    if (model != Model.ASP && staleness == UNBOUNDED) {
      throw new IllegalArgumentException(model + " needs a finite staleness; use Consistency.asp() for no bound");
    }
  }

  public static Consistency bsp() {
    return new Consistency(Model.SSP, 0);
  }

  public static Consistency ssp(int staleness) {
    return new Consistency(Model.SSP, staleness);
  }

  public static Consistency sspPush(int staleness) {
    return new Consistency(Model.SSP_PUSH, staleness);
  }

  public static Consistency asp() {
    return new Consistency(Model.ASP, UNBOUNDED);
  }

  /**
   * Parses a staleness as users type it: a non-negative integer gives SSP(s), {@code inf} gives
   * ASP.
   *
   * @throws IllegalArgumentException naming the bad value and what is allowed
   */
  public static Consistency parseStaleness(String text) {
    String t = text == null ? "" : text.trim();
    if (t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("unbounded") || t.equalsIgnoreCase("asp")) {
      return asp();
    }
    long s;
    try {
      s = Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "staleness must be a non-negative integer or 'inf', was '" + text + "'");
    }
    if (s < 0 || s >= UNBOUNDED) {
      throw new IllegalArgumentException(
          "staleness must be a non-negative integer or 'inf', was " + text);
    }
    return ssp((int) s);
  }

  /** True unless this is ASP. */
  public boolean isBounded() {
    return model != Model.ASP;
  }

  @Override
  public String toString() {
    return switch (model) {
      case ASP -> "ASP";
      case SSP -> staleness == 0 ? "BSP" : "SSP(" + staleness + ")";
      case SSP_PUSH -> "SSP-push(" + staleness + ")";
    };
  }
}
