package io.tidelake.stream;

/** A batch failed and stopped its query; the cause is the batch's error. The checkpoint stays usable. */
public class StreamingQueryException extends StreamingException {
  private final long batchId;

  public StreamingQueryException(String queryId, long batchId, Throwable cause) {
    super("Query " + queryId + " stopped: batch " + batchId + " failed: " + cause.getMessage()
        + " (restart the query with the same checkpoint to re-run the batch)", cause);
    this.batchId = batchId;
  }

  public long batchId() {
    return batchId;
  }
}
