package io.tidelake.stream;

import java.time.Instant;
import java.util.Map;

/**
 * What one batch did (Spark's StreamingQueryProgress, flattened to one source and one sink).
 *
 * @param inputRowsPerSecond input rows over the time since the previous batch started
 * @param processedRowsPerSecond input rows over this batch's duration
 * @param durationMs per phase: {@code latestOffset} (planning), {@code walCommit} (offsets file),
 *     {@code addBatch} (read, transform, sink), {@code commitOffsets} (commits file), {@code triggerExecution}
 * @param startOffset the source offset JSON before the batch (null for the first)
 * @param endOffset the source offset JSON after it
 * @param sinkVersion the sink table version the batch committed, or -1 (no table sink, or skipped as done)
 * @param watermarkMs the event-time watermark the batch ran with (0 without event time)
 */
public record QueryProgress(String id, String runId, long batchId, Instant timestamp, long numInputRows,
    long numOutputRows, double inputRowsPerSecond, double processedRowsPerSecond, Map<String, Long> durationMs,
    String startOffset, String endOffset, long sinkVersion, long watermarkMs, long numStateRows,
    long numLateRows) {

  /** One JSON object, Spark's field names where they exist. */
  public String toJson() {
    StringBuilder d = new StringBuilder("{");
    durationMs.forEach((k, v) -> d.append(d.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
    d.append('}');
    return "{\"id\":\"" + id + "\",\"runId\":\"" + runId + "\",\"batchId\":" + batchId + ",\"timestamp\":\""
        + timestamp + "\",\"numInputRows\":" + numInputRows + ",\"numOutputRows\":" + numOutputRows
        + ",\"inputRowsPerSecond\":" + round(inputRowsPerSecond) + ",\"processedRowsPerSecond\":"
        + round(processedRowsPerSecond) + ",\"durationMs\":" + d + ",\"startOffset\":"
        + (startOffset == null ? "null" : startOffset) + ",\"endOffset\":" + endOffset + ",\"sinkVersion\":"
        + sinkVersion + ",\"watermarkMs\":" + watermarkMs + ",\"numStateRows\":" + numStateRows
        + ",\"numLateRows\":" + numLateRows + "}";
  }

  private static String round(double v) {
    return Double.isFinite(v) ? String.valueOf(Math.round(v * 10) / 10.0) : "0";
  }
}
