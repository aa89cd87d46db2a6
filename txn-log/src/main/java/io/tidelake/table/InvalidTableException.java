package io.tidelake.table;

import io.tidelake.format.TidelakeException;

/**
 * The log is readable but does not describe a valid table: a gap in commit versions, no protocol or
 * metadata, a missing checkpoint part. Not retryable.
 */
public class InvalidTableException extends TidelakeException {
  private final String location;

  public InvalidTableException(String location, String message) {
    super("Invalid Delta table at " + location + ": " + message);
    this.location = location;
  }

  public String location() {
    return location;
  }
}
