package io.tidelake.table;

import io.tidelake.format.TidelakeException;

/** Time travel to a version or timestamp the log does not (or no longer) cover. */
public class VersionNotFoundException extends TidelakeException {
  public VersionNotFoundException(String message) {
    super(message);
  }
}
