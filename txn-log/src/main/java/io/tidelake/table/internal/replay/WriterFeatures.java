package io.tidelake.table.internal.replay;

import java.util.HashSet;
import java.util.Set;

/**
 * The registry of Delta writer features Tidelake knows, and which updates honour them. A table that
 * lists a writer feature may only be written by an update that keeps the feature's promise: every update
 * keeps {@link #ALWAYS} (enforced or trivially preserved: appends never violate deletion vectors, every
 * rewrite reads through them and every remove carries them); {@link #CHANGE_DATA_FEED} is kept only by
 * updates that write the change data an enabled feed needs, so each such update declares it.
 */
public final class WriterFeatures {
  public static final String CHANGE_DATA_FEED = "changeDataFeed";
  public static final String DELETION_VECTORS = "deletionVectors";
  public static final String ENABLE_CDF = "delta.enableChangeDataFeed";
  public static final String ENABLE_DV = "delta.enableDeletionVectors";

  /** Honoured by every Tidelake update. */
  public static final Set<String> ALWAYS = Set.of("appendOnly", "invariants", "timestampNtz", "domainMetadata",
      "vacuumProtocolCheck", "inCommitTimestamp", DELETION_VECTORS);

  /** Every writer feature some update honours: a table listing any other is never written. */
  public static final Set<String> KNOWN = with(CHANGE_DATA_FEED);

  private WriterFeatures() {}

  /** {@link #ALWAYS} plus the features an update declares it honours. */
  public static Set<String> with(String... declared) {
    Set<String> s = new HashSet<>(ALWAYS);
    s.addAll(Set.of(declared));
    return Set.copyOf(s);
  }
}
