package io.tidelake.format;

/**
 * Root of every error Tidelake raises on purpose. Unchecked, as in Iceberg and Delta Kernel: callers
 * catch the specific subclasses they can act on (a retryable commit failure, a schema violation) and let
 * the rest surface. Messages state what went wrong, where, and how to fix it.
 */
public class TidelakeException extends RuntimeException {
  public TidelakeException(String message) {
    super(message);
  }

  public TidelakeException(String message, Throwable cause) {
    super(message, cause);
  }
}
