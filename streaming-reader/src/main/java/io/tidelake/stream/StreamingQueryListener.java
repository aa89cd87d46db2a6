package io.tidelake.stream;

/** Receives a query's lifecycle and per-batch progress, on the query's thread (keep it quick). */
public interface StreamingQueryListener {
  default void onQueryStarted(String id, String runId) {}

  void onQueryProgress(QueryProgress progress);

  /** @param failure the error that stopped the query, or null when it stopped normally */
  default void onQueryTerminated(String id, String runId, Throwable failure) {}
}
