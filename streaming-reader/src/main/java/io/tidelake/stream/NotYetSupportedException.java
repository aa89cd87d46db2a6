package io.tidelake.stream;

/** A streaming feature that is specified but not built yet; the message says what to use instead. */
public class NotYetSupportedException extends StreamingException {
  public NotYetSupportedException(String message) {
    super(message);
  }
}
