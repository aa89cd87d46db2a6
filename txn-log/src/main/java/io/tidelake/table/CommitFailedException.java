package io.tidelake.table;

import io.tidelake.format.TidelakeException;

/**
 * The commit did not happen and the table is unchanged, but trying again may succeed: the commit kept
 * losing races to other writers until its retry budget ran out. (A real conflict is a
 * {@link ConflictException}, which retrying the same operation cannot fix.)
 */
public class CommitFailedException extends TidelakeException {
  public CommitFailedException(String message) {
    super(message);
  }

  public CommitFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
