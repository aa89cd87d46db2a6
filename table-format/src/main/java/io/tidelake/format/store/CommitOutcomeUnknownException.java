package io.tidelake.format.store;

/**
 * A put-if-absent whose result could not be observed (for example a timeout after the request was
 * sent). The caller must find out by reading the object back; retrying blindly could duplicate a commit.
 */
public class CommitOutcomeUnknownException extends StorageException {
  public CommitOutcomeUnknownException(String message, Throwable cause) {
    super(message, cause);
  }
}
