package io.tidelake.table;

import io.tidelake.format.TidelakeException;

/**
 * A data file the log references does not exist: it was deleted or moved outside Tidelake, or vacuumed
 * with a retention shorter than a reader needed. Reading on would silently lose rows, so the read stops.
 */
public class MissingDataFileException extends TidelakeException {
  private final String path;

  public MissingDataFileException(String table, String path, Throwable cause) {
    super("Table " + table + " references the data file " + path + ", which does not exist. It was deleted or "
        + "moved outside Tidelake, or vacuumed while still needed. Restore the file from a backup, or read an "
        + "older or newer version of the table that does not reference it.", cause);
    this.path = path;
  }

  /** The missing file's location. */
  public String path() {
    return path;
  }
}
