package io.tidelake.stream;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A running streaming query (Spark's StreamingQuery): its persistent {@link #id()} (kept in the
 * checkpoint across restarts), the {@link #runId()} of this start, progress and status, and
 * {@link #stop()} / {@link #awaitTermination()}. Built with {@link #from(TableSource)}.
 */
public final class StreamingQuery {
  private final MicroBatchExecution exec;
  private final Thread thread;

  StreamingQuery(MicroBatchExecution exec) {
    this.exec = exec;
    this.thread = new Thread(exec, "tidelake-stream-" + exec.name());
    thread.start();
  }

  /** Starts building a query over a table source. */
  public static StreamingQueryBuilder from(TableSource source) {
    return new StreamingQueryBuilder(source);
  }

  public String id() {
    return exec.queryId();
  }

  public String runId() {
    return exec.runId();
  }

  public String name() {
    return exec.name();
  }

  public boolean isActive() {
    return thread.isAlive();
  }

  /** Asks the query to stop after the current batch, and waits until it has. */
  public void stop() {
    exec.requestStop();
    join(0);
  }

  /**
   * Waits until the query ends (an {@code availableNow} or {@code once} query by itself).
   *
   * @throws StreamingQueryException when a batch failed (its error is the cause)
   */
  public void awaitTermination() {
    join(0);
    rethrow();
  }

  /** Waits at most {@code timeout}; returns whether the query ended (rethrowing a failure). */
  public boolean awaitTermination(Duration timeout) {
    join(Math.max(1, timeout.toMillis()));
    if (thread.isAlive()) {
      return false;
    }
    rethrow();
    return true;
  }

  private void rethrow() {
    StreamingException e = exec.failure();
    if (e != null) {
      throw e;
    }
  }

  private void join(long millis) {
    try {
      thread.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StreamingException("Interrupted while waiting for query " + id(), e);
    }
  }

  /** The error that stopped the query, if one did. */
  public Optional<StreamingException> exception() {
    return Optional.ofNullable(exec.failure());
  }

  /** The progress of the last finished batch, or null before the first. */
  public QueryProgress lastProgress() {
    return exec.lastProgress();
  }

  /** The progress of the recent batches (up to 100), oldest first. */
  public List<QueryProgress> recentProgress() {
    return exec.recentProgress();
  }

  public QueryStatus status() {
    return exec.status();
  }

  @Override
  public String toString() {
    return "StreamingQuery{id=" + id() + ", runId=" + runId() + ", active=" + isActive() + "}";
  }
}
