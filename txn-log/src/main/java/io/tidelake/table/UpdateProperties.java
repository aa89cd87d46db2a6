package io.tidelake.table;

import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.Protocol;
import io.tidelake.table.internal.TableContext;
import io.tidelake.table.internal.codec.PlainJson;
import io.tidelake.table.internal.commit.ReadSet;
import io.tidelake.table.internal.replay.ProtocolSupport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A pending change of table properties (Spark's {@code ALTER TABLE SET/UNSET TBLPROPERTIES}), committed
 * as a new {@code metaData} action. A property that turns on a table feature Tidelake writes
 * ({@code delta.enableDeletionVectors}, {@code delta.enableChangeDataFeed},
 * {@code delta.feature.<name>=supported}) upgrades the protocol
 * in the same commit, as delta-spark does; one Tidelake cannot write is refused, and so is turning on
 * {@code delta.enableInCommitTimestamps} on an existing table (only at create). Conflicts with any
 * concurrent metadata or protocol change; writers that read the old metadata then conflict with it.
 */
public final class UpdateProperties extends PendingUpdate<UpdateProperties> {
  private static final String ENABLE_ICT = "delta.enableInCommitTimestamps";
  private final Map<String, String> set = new LinkedHashMap<>();
  private final Set<String> unset = new LinkedHashSet<>();

  UpdateProperties(TableContext ctx, Snapshot base) {
    super(ctx, base);
  }

  /** A metadata-only commit changes no rows, so an enabled change data feed has nothing to record. */
  @Override
  java.util.Set<String> honouredWriterFeatures() {
    return io.tidelake.table.internal.replay.WriterFeatures.with(
        io.tidelake.table.internal.replay.WriterFeatures.CHANGE_DATA_FEED);
  }

  public UpdateProperties set(String key, String value) {
    checkOpen();
    if (key == null || key.isBlank() || value == null) {
      throw new IllegalArgumentException("A table property needs a non-empty key and a value, got " + key + "="
          + value);
    }
    set.put(key, value);
    unset.remove(key);
    return this;
  }

  public UpdateProperties remove(String key) {
    checkOpen();
    unset.add(key);
    set.remove(key);
    return this;
  }

  /** The properties the commit would leave on the table. */
  public Map<String, String> apply() {
    Map<String, String> props = new LinkedHashMap<>(base.properties());
    unset.forEach(props::remove);
    for (Map.Entry<String, String> e : set.entrySet()) {
      if (e.getKey().startsWith(ProtocolSupport.FEATURE_PREFIX)) {
        continue; // a feature request becomes a protocol feature, not configuration
      }
      String v = e.getValue().trim();
      boolean bool = v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false");
      props.put(e.getKey(), bool && e.getKey().startsWith("delta.") ? v.toLowerCase(Locale.ROOT) : e.getValue());
    }
    return props;
  }

  public CommitResult commit() {
    checkOpen();
    if (set.isEmpty() && unset.isEmpty()) {
      markDone();
      return new CommitResult(base.version(), false, 0, Map.of());
    }
    Map<String, String> props = apply();
    CommitSettings.validate(props);
    if (ProtocolSupport.isTrue(props.get(ENABLE_ICT))
        && !ProtocolSupport.inCommitTimestampsEnabled(base.protocol(), base.metadata())) {
      // Delta's enablement commit must itself carry an in-commit timestamp and record the enablement
      // version and timestamp (which depend on the version the commit finally wins): not done here yet
      throw new UnsupportedFeatureException("inCommitTimestamp", "Cannot turn on " + ENABLE_ICT + " on the "
          + "existing table " + ctx.root() + ": Tidelake enables in-commit timestamps only when it creates a "
          + "table. Create the table with " + ENABLE_ICT + "=true, or enable it with Spark or delta-rs.");
    }
    Map<String, String> requested = new LinkedHashMap<>(props);
    for (Map.Entry<String, String> e : set.entrySet()) {
      if (e.getKey().startsWith(ProtocolSupport.FEATURE_PREFIX)) {
        requested.put(e.getKey(), e.getValue());
      }
    }
    Protocol upgraded = ProtocolSupport.upgradeFor(base.protocol(), requested, ctx.root());
    List<Action> actions = new ArrayList<>();
    if (!upgraded.equals(base.protocol())) {
      actions.add(upgraded);
    }
    actions.add(base.metadata().withConfiguration(props));
    Map<String, String> params = new LinkedHashMap<>();
    String op;
    if (!set.isEmpty()) {
      op = "SET TBLPROPERTIES";
      params.put("properties", PlainJson.toJsonText(set));
    } else {
      op = "UNSET TBLPROPERTIES";
      params.put("properties", PlainJson.toJsonText(new ArrayList<>(unset)));
      params.put("ifExists", "true");
    }
    return commit(op, params, Map.of(), actions, ReadSet.blindAppend(base.version(), Set.of()), false, List.of());
  }
}
