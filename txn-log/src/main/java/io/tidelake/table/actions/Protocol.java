package io.tidelake.table.actions;

import java.util.Map;
import java.util.Set;

/**
 * The {@code protocol} action: the minimum reader/writer versions and, from reader 3 / writer 7 on, the
 * explicit table feature lists. Feature sets are null when absent (legacy protocols) and otherwise kept
 * sorted so equal protocols serialize identically.
 */
public record Protocol(
    int minReaderVersion, int minWriterVersion, Set<String> readerFeatures, Set<String> writerFeatures)
    implements Action {

  /** Lowest legacy writer version that implies each pre-table-features writer feature (PROTOCOL.md). */
  private static final Map<String, Integer> LEGACY_WRITER_FEATURES =
      Map.of(
          "appendOnly", 2,
          "invariants", 2,
          "checkConstraints", 3,
          "changeDataFeed", 4,
          "generatedColumns", 4,
          "columnMapping", 5,
          "identityColumns", 6);

  public Protocol {
    if (minReaderVersion < 1 || minWriterVersion < 1) {
      throw new IllegalArgumentException(
          "protocol versions start at 1, got minReaderVersion=" + minReaderVersion
              + " minWriterVersion=" + minWriterVersion);
    }
    readerFeatures = Copies.sortedSetOrNull(readerFeatures, "reader feature");
    writerFeatures = Copies.sortedSetOrNull(writerFeatures, "writer feature");
  }

  /** A legacy protocol without feature lists, e.g. {@code new Protocol(1, 2)}. */
  public Protocol(int minReaderVersion, int minWriterVersion) {
    this(minReaderVersion, minWriterVersion, null, null);
  }

  /**
   * Whether readers must understand {@code feature}. With reader version 3 the explicit list decides;
   * below that, the legacy version implies the feature set (reader 2 = column mapping), so callers do
   * not have to special-case old tables.
   */
  public boolean supportsReaderFeature(String feature) {
    if (minReaderVersion >= 3) {
      return readerFeatures != null && readerFeatures.contains(feature);
    }
    return minReaderVersion == 2 && "columnMapping".equals(feature);
  }

  /**
   * Whether writers must honour {@code feature}. With writer version 7 the explicit list decides; below
   * that, each legacy version implies the features of all lower versions (writer 2 = appendOnly and
   * invariants, 4 adds changeDataFeed and generatedColumns, ...).
   */
  public boolean supportsWriterFeature(String feature) {
    if (minWriterVersion >= 7) {
      return writerFeatures != null && writerFeatures.contains(feature);
    }
    Integer since = LEGACY_WRITER_FEATURES.get(feature);
    return since != null && minWriterVersion >= since;
  }
}
