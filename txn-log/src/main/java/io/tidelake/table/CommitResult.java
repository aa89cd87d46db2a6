package io.tidelake.table;

import java.util.Map;

/**
 * The outcome of a pending update's commit.
 *
 * @param version the version committed, or the current version when nothing was committed
 * @param committed false when the write was skipped because its {@code txn} (appId, version) was already
 *     in the table (an idempotent re-run)
 * @param attempts how many put-if-absent attempts it took (races lost + 1)
 * @param metrics the operationMetrics recorded in commitInfo
 */
public record CommitResult(long version, boolean committed, int attempts, Map<String, String> metrics) {}
