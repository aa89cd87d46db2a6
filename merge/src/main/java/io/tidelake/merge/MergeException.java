package io.tidelake.merge;

import io.tidelake.format.TidelakeException;

/**
 * A MERGE that cannot run as written: a clause in the wrong place, a column INSERT * or UPDATE SET *
 * cannot fill, an alias clash, a missing ON or source. Raised before the target is changed; nothing is
 * committed and no file is left behind.
 */
public class MergeException extends TidelakeException {
  public MergeException(String message) {
    super(message);
  }

  public MergeException(String message, Throwable cause) {
    super(message, cause);
  }
}
