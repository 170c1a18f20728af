package org.petuum4j.ml.data;

import java.io.IOException;

/**
 * A line of an input file does not follow its format. The message reads {@code
 * file:line: what was wrong in line 'text'}, e.g. {@code train.libsvm:17: bad feature 'abc:1'
 * (expected index:value) in line '1 abc:1 3:0.5'}.
 */
public final class MalformedDataException extends IOException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_QUOTED_CHARS = 200;

  private final String file;
  private final long line;
  private final String problem;
  private final String lineText;

  /**
   * @param file the file as the user named it
   * @param line 1-based line number
   * @param problem what was wrong, e.g. {@code bad label '2'}
   * @param lineText the offending line; quoted in the message, shortened if long
   */
  public MalformedDataException(String file, long line, String problem, String lineText) {
    super(file + ":" + line + ": " + problem + " in line '" + shorten(lineText) + "'");
    this.file = file;
    this.line = line;
    this.problem = problem;
    this.lineText = lineText;
  }

  private static String shorten(String text) {
    return text.length() <= MAX_QUOTED_CHARS ? text : text.substring(0, MAX_QUOTED_CHARS) + "...";
  }

  public String file() {
    return file;
  }

  /** 1-based line number of the offending line. */
  public long line() {
    return line;
  }

  /** What was wrong, without the location. */
  public String problem() {
    return problem;
  }

  /** The whole offending line. */
  public String lineText() {
    return lineText;
  }
}
