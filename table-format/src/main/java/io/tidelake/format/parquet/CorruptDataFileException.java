package io.tidelake.format.parquet;

import io.tidelake.format.TidelakeException;

/**
 * A data file the table references is not a readable Parquet file: truncated, overwritten, or damaged.
 * Retrying does not help; the file has to be restored from a backup, or removed from the table (a
 * commit that removes it) accepting the loss of its rows.
 */
public class CorruptDataFileException extends TidelakeException {
  private final String path;
  private final String problem;

  public CorruptDataFileException(String path, String problem, Throwable cause) {
    super("The table references a damaged data file " + path + ": " + problem
        + ". Restore the file from a backup, or remove it from the table to accept losing its rows.", cause);
    this.path = path;
    this.problem = problem;
  }

  /** For subclasses that word the whole message themselves (it must still name the file). */
  protected CorruptDataFileException(String path, Throwable cause, String message) {
    super(message, cause);
    this.path = path;
    this.problem = message;
  }

  /**
   * What is wrong with the file, without the advice for data files (for callers that read Parquet files
   * that are not data files, e.g. checkpoints, and word their own message).
   */
  public String problem() {
    return problem;
  }

  /** The file's location in the store. */
  public String path() {
    return path;
  }
}
