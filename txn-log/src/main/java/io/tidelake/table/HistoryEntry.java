package io.tidelake.table;

import io.tidelake.table.actions.CommitInfo;
import java.util.Map;

/**
 * One version in a table's history, from its commitInfo.
 *
 * @param timestamp commit time in epoch ms: the in-commit timestamp where the commit has one, else the
 *     commitInfo timestamp, else the commit file's modification time
 */
public record HistoryEntry(long version, long timestamp, String operation, Map<String, String> operationParameters,
    Map<String, String> operationMetrics, CommitInfo commitInfo) {}
