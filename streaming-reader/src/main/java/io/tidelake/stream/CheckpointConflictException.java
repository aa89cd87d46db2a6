package io.tidelake.stream;

/**
 * The checkpoint cannot be used by this query: another query runs on it (it wrote a batch's offsets
 * first), it belongs to a stream of another table, or its files are damaged.
 */
public class CheckpointConflictException extends StreamingException {
  public CheckpointConflictException(String message) {
    super(message);
  }
}
