package io.tidelake.table;

import io.tidelake.format.TidelakeException;

/**
 * A file under {@code _delta_log/} that cannot be read as the Delta protocol describes: bad JSON, a
 * missing required field, a value of the wrong type. Not retryable: the same bytes fail the same way, so
 * the fix is operational (restore the file, or drop the versions that depend on it), which is what the
 * message tells the user.
 */
public class CorruptLogException extends TidelakeException {
  private final String file;
  private final long line;

  /** Corruption that is not tied to one line of one file (for example a gap in the commit versions). */
  public CorruptLogException(String message) {
    this(null, 0, message, null);
  }

  public CorruptLogException(String message, Throwable cause) {
    this(null, 0, message, cause);
  }

  /**
   * @param file the log file as the user knows it (e.g. {@code _delta_log/00000000000000000003.json}),
   *     or null when unknown
   * @param line 1-based line number, or 0 when unknown
   * @param message the complete message: what is wrong, where, and how to fix it
   */
  public CorruptLogException(String file, long line, String message, Throwable cause) {
    super(message, cause);
    this.file = file;
    this.line = line;
  }

  /** The corrupt log file, or null when the problem is not tied to one file. */
  public String getFile() {
    return file;
  }

  /** The 1-based line in {@link #getFile()}, or 0 when the problem is not tied to one line. */
  public long getLine() {
    return line;
  }
}
