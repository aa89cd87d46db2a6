package io.tidelake.stream;

/**
 * The checkpoint belongs to a query with another source table or another sink than this one (Spark
 * ties a checkpoint to its query the same way): reusing it would skip the new source's rows, or leave the
 * new sink without the batches the checkpoint says are done. The message names both.
 */
public class CheckpointMismatchException extends CheckpointConflictException {
  public CheckpointMismatchException(String message) {
    super(message);
  }
}
