package io.tidelake.table.internal.commit;

import io.tidelake.table.actions.Action;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one commit of an update consists of: the one request every Tidelake update (append,
 * overwrite, delete, update, row delta, rewrite, schema and property changes) hands to the commit path.
 *
 * @param operation Delta's operation name for commitInfo ({@code WRITE}, {@code DELETE}, {@code MERGE}...)
 * @param parameters commitInfo.operationParameters (values are JSON texts, as delta-spark writes them)
 * @param metrics commitInfo.operationMetrics (decimal strings)
 * @param actions the data and metadata actions (no commitInfo, no txn: the commit path adds those)
 * @param reads what the update read, re-checked against every concurrent commit on a lost race
 * @param blindAppend whether it only adds files without reading (commitInfo.isBlindAppend)
 * @param ownFiles store locations of files it wrote, deleted when it does not commit
 * @param isolationLevel commitInfo.isolationLevel to record, or null for the update's isolation
 * @param honouredFeatures the writer features the update keeps true (see WriterFeatures)
 */
public record CommitRequest(
    String operation,
    Map<String, String> parameters,
    Map<String, String> metrics,
    List<Action> actions,
    ReadSet reads,
    boolean blindAppend,
    List<String> ownFiles,
    String isolationLevel,
    Set<String> honouredFeatures) {}
