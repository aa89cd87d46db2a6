package io.tidelake.cli;

import io.tidelake.format.TidelakeException;

/**
 * A user error found by the CLI itself (unreadable input file, bad line in it, bad option value). It
 * extends TidelakeException so it takes the same path as library errors: exit code 1, one line on stderr.
 */
public class CliException extends TidelakeException {
  public CliException(String message) {
    super(message);
  }

  public CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
