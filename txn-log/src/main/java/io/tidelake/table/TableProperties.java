package io.tidelake.table;

import io.tidelake.format.TidelakeException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Delta table property names ({@code delta.*}) that delta-spark knows, in one place: creating a table
 * with any other {@code delta.} key is refused as delta-spark refuses it (DELTA_UNKNOWN_CONFIGURATION),
 * because a misspelt property ({@code delta.appendOnlyy=true}) would otherwise be stored and silently
 * do nothing. Keys outside the {@code delta.} namespace are the user's own and always allowed. Names are
 * those of delta-spark's DeltaConfigs (Delta 3.x/4.x); Tidelake acts on only some of them (see README).
 */
public final class TableProperties {
  /** Prefixes whose keys are open-ended: feature requests, CHECK constraints. */
  public static final List<String> KNOWN_PREFIXES = List.of("delta.feature.", "delta.constraints.");

  /** Every known {@code delta.*} property name, in delta-spark's spelling. */
  public static final Set<String> KNOWN = Set.of(
      "delta.appendOnly",
      "delta.autoOptimize.autoCompact",
      "delta.autoOptimize.optimizeWrite",
      "delta.checkpoint.writeStatsAsJson",
      "delta.checkpoint.writeStatsAsStruct",
      "delta.checkpointInterval",
      "delta.checkpointPolicy",
      "delta.checkpointRetentionDuration",
      "delta.columnMapping.maxColumnId",
      "delta.columnMapping.mode",
      "delta.compatibility.symlinkFormatManifest.enabled",
      "delta.coordinatedCommits.commitCoordinator-preview",
      "delta.coordinatedCommits.commitCoordinatorConf-preview",
      "delta.coordinatedCommits.tableConf-preview",
      "delta.dataSkippingNumIndexedCols",
      "delta.dataSkippingStatsColumns",
      "delta.deletedFileRetentionDuration",
      "delta.dropFeatureTruncateHistory.retentionDuration",
      "delta.enableChangeDataCapture",
      "delta.enableChangeDataFeed",
      "delta.enableDeletionVectors",
      "delta.enableExpiredLogCleanup",
      "delta.enableFullRetentionRollback",
      "delta.enableIcebergCompatV1",
      "delta.enableIcebergCompatV2",
      "delta.enableIcebergCompatV3",
      "delta.enableInCommitTimestamps",
      "delta.enableRowTracking",
      "delta.enableTypeWidening",
      "delta.enableVariantShredding",
      "delta.inCommitTimestampEnablementTimestamp",
      "delta.inCommitTimestampEnablementVersion",
      "delta.isolationLevel",
      "delta.logRetentionDuration",
      "delta.minReaderVersion",
      "delta.minWriterVersion",
      "delta.parquet.compression.codec",
      "delta.randomPrefixLength",
      "delta.randomizeFilePrefixes",
      "delta.rowTracking.materializedRowCommitVersionColumnName",
      "delta.rowTracking.materializedRowIdColumnName",
      "delta.sampleRetentionDuration",
      "delta.setTransactionRetentionDuration",
      "delta.targetFileSize",
      "delta.tuneFileSizesForRewrites",
      "delta.universalFormat.enabledFormats");

  /**
   * How long a staged commit (write-audit-publish) may wait for publish, in Delta's interval syntax
   * ({@code interval 7 days}, the default). Tidelake's own, so outside the {@code delta.} namespace.
   */
  public static final String STAGED_COMMIT_RETENTION = "tidelake.stagedCommits.retentionDuration";

  private TableProperties() {}

  /** Whether {@code key} may be set on a table: not in the delta. namespace, or a name delta-spark knows. */
  public static boolean isAllowed(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    if (!k.startsWith("delta.")) {
      return true;
    }
    for (String p : KNOWN_PREFIXES) {
      if (k.startsWith(p.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return canonicalName(key) != null;
  }

  /** The known name in delta-spark's spelling for a key typed in any case, or null. */
  public static String canonicalName(String key) {
    for (String k : KNOWN) {
      if (k.equalsIgnoreCase(key)) {
        return k;
      }
    }
    return null;
  }

  /**
   * The properties with known {@code delta.*} keys in delta-spark's spelling ({@code delta.appendonly} is
   * {@code delta.appendOnly}, as Spark normalizes it): Tidelake and other engines look keys up exactly.
   */
  public static Map<String, String> normalize(Map<String, String> properties) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    properties.forEach((k, v) -> {
      String c = k.regionMatches(true, 0, "delta.", 0, 6) ? canonicalName(k) : null;
      out.put(c != null ? c : k, v);
    });
    return out;
  }

  /** Refuses unknown {@code delta.*} keys, naming the closest known one. */
  public static void validate(Map<String, String> properties) {
    for (String key : properties.keySet()) {
      if (!isAllowed(key)) {
        String near = closest(key);
        throw new TidelakeException("Unknown Delta table property '" + key + "'"
            + (near == null ? "" : " (did you mean '" + near + "'?)")
            + ". Properties starting with 'delta.' must be ones Delta knows (delta-spark refuses others too); "
            + "use a name outside the delta. namespace for your own settings.");
      }
    }
  }

  /** The known name nearest to {@code key} (edit distance at most a quarter of its length), or null. */
  public static String closest(String key) {
    String typed = key.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Math.max(2, typed.length() / 4) + 1;
    for (String k : new TreeSet<>(KNOWN)) {
      int d = io.tidelake.format.DidYouMean.distance(typed, k.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best;
  }
}
