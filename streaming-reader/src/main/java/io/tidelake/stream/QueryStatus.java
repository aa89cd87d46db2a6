package io.tidelake.stream;

/**
 * What a query is doing now (Spark's StreamingQueryStatus).
 *
 * @param message e.g. "Processing batch 3", "Waiting for data to arrive", "Stopped"
 * @param isDataAvailable whether the last planning found new data
 * @param isTriggerActive whether a batch is running
 */
public record QueryStatus(String message, boolean isDataAvailable, boolean isTriggerActive) {}
