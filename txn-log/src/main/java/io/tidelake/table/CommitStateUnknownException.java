package io.tidelake.table;

import io.tidelake.format.TidelakeException;

/**
 * The store could not say whether the commit file was written, and reading it back did not settle it.
 * The commit may or may not be in the table: check the table's history before writing again, or use an
 * idempotent write ({@code txn} appId/version) so that a repeat is harmless.
 */
public class CommitStateUnknownException extends TidelakeException {
  public CommitStateUnknownException(String message, Throwable cause) {
    super(message, cause);
  }
}
