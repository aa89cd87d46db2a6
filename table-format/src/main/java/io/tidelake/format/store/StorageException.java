package io.tidelake.format.store;

import io.tidelake.format.TidelakeException;

/** An I/O failure talking to the store. May be transient; the operation did not complete. */
public class StorageException extends TidelakeException {
  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
