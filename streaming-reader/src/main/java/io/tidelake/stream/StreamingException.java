package io.tidelake.stream;

import io.tidelake.format.TidelakeException;

/** Root of the errors a streaming query raises on purpose (bad options, a source it cannot follow). */
public class StreamingException extends TidelakeException {
  public StreamingException(String message) {
    super(message);
  }

  public StreamingException(String message, Throwable cause) {
    super(message, cause);
  }
}
