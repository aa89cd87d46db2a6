package io.tidelake.format.dv;

import io.tidelake.format.TidelakeException;

/**
 * The deletion vector of a data file cannot be loaded: its file is missing or damaged, or the descriptor
 * in the log does not match what is stored. The read stops rather than resurrect deleted rows.
 */
public class CorruptDeletionVectorException extends TidelakeException {
  private final String dataFile;

  public CorruptDeletionVectorException(String dataFile, String where, String problem, Throwable cause) {
    super("Cannot apply the deletion vector of data file " + dataFile + " (" + where + "): " + problem
        + ". Reading the file without it would return rows that were deleted, so the read stops. Restore the "
        + "deletion vector file from a backup, or repair the table with the engine that wrote it (e.g. Spark's "
        + "FSCK REPAIR TABLE, which removes files whose data is lost).", cause);
    this.dataFile = dataFile;
  }

  /** The data file whose deleted rows could not be determined. */
  public String dataFile() {
    return dataFile;
  }
}
