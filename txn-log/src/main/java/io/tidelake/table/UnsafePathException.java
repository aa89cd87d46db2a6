package io.tidelake.table;

import io.tidelake.format.TidelakeException;

/**
 * A file path in the log points outside the table root ({@code ../}, another bucket, an absolute URI
 * elsewhere). Tidelake refuses to read, write or delete such files unless the user opted in, so a
 * crafted log cannot make it touch foreign data.
 */
public class UnsafePathException extends TidelakeException {
  public UnsafePathException(String message) {
    super(message);
  }
}
