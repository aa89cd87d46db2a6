package io.tidelake.table;

import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.SetTransaction;
import io.tidelake.table.internal.Filters;
import io.tidelake.table.internal.TableContext;
import io.tidelake.table.internal.commit.CommitRequest;
import io.tidelake.table.internal.commit.ConflictChecker;
import io.tidelake.table.internal.commit.ReadSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The commit of a staged write: its recorded actions, read set and settings, committed through the one
 * commit path against its base snapshot, so conflicts with later commits follow the normal rules. Its
 * files are not deleted if the commit fails (discard does that).
 */
final class StagedPublish extends PendingUpdate<StagedPublish> {
  private final StagedCommit staged;
  private final Set<String> features;

  @SuppressWarnings("unchecked")
  StagedPublish(TableContext ctx, Snapshot base, StagedCommit staged) {
    super(ctx, base);
    this.staged = staged;
    this.features = new HashSet<>((List<String>) staged.record().get("honouredFeatures"));
  }

  @Override
  Set<String> honouredWriterFeatures() {
    return features;
  }

  @SuppressWarnings("unchecked")
  CommitResult publish() {
    Map<String, Object> rec = staged.record();
    isolation = ConflictChecker.Isolation.valueOf((String) rec.get("isolation"));
    if (rec.get("txn") instanceof Map<?, ?> txn) {
      txnAppId = (String) txn.get("appId");
      txnVersion = ((Number) txn.get("version")).longValue();
    }
    Map<String, Object> extras = new LinkedHashMap<>();
    extras.put("tidelakeStagedCommit", staged.id());
    staged.expectations().ifPresent(r -> extras.put("tidelakeExpectations", r.toCompactJson()));
    commitInfoExtras = extras;
    List<Action> actions = new ArrayList<>(staged.actions());
    actions.add(new SetTransaction(staged.publishAppId(), 0, System.currentTimeMillis()));
    Map<String, Object> rs = staged.readSet();
    Set<String> appIds = new HashSet<>((List<String>) rs.get("appIds"));
    appIds.add(staged.publishAppId());
    String predicate = (String) rs.get("predicate");
    ReadSet reads = new ReadSet(base.version(), Boolean.TRUE.equals(rs.get("wholeTable")),
        predicate == null ? null : Filters.addMatcher(Filters.parse(predicate, base.schema()), base),
        new HashSet<>((List<String>) rs.get("paths")), appIds);
    return commit(new CommitRequest(staged.operation(), (Map<String, String>) rec.get("operationParameters"),
        staged.operationMetrics(), actions, reads, Boolean.TRUE.equals(rec.get("isBlindAppend")), List.of(),
        (String) rec.get("isolationLevel"), features));
  }
}
