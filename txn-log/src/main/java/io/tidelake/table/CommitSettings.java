package io.tidelake.table;

import io.tidelake.format.TidelakeException;
import java.util.Map;

/** Commit behaviour read from table properties (Delta's own names where Delta has one). */
record CommitSettings(int checkpointInterval, int maxAttempts, boolean appendOnly) {
  static final int DEFAULT_CHECKPOINT_INTERVAL = 10;
  static final int DEFAULT_MAX_ATTEMPTS = 1000;

  static CommitSettings of(Map<String, String> props) {
    return new CommitSettings(
        positiveInt(props, "delta.checkpointInterval", DEFAULT_CHECKPOINT_INTERVAL),
        positiveInt(props, "tidelake.commit.maxAttempts", Integer.getInteger("tidelake.commit.maxAttempts", DEFAULT_MAX_ATTEMPTS)),
        "true".equalsIgnoreCase(props.getOrDefault("delta.appendOnly", "false")));
  }

  /** Checks the properties Tidelake interprets; others (including unknown delta.*) are kept as they are. */
  static void validate(Map<String, String> props) {
    of(props);
    String ao = props.get("delta.appendOnly");
    if (ao != null && !ao.equalsIgnoreCase("true") && !ao.equalsIgnoreCase("false")) {
      throw new TidelakeException("Table property delta.appendOnly must be true or false, got '" + ao + "'.");
    }
    for (String key : new String[] {"delta.logRetentionDuration", "delta.deletedFileRetentionDuration",
        "delta.checkpointRetentionDuration"}) {
      String v = props.get(key);
      if (v != null && io.tidelake.table.internal.checkpoint.IntervalParser.toMillis(v, -1) < 0) {
        // vacuum and log cleanup read these: a value they cannot parse would fail every maintenance run later
        throw new TidelakeException("Table property " + key + " must be an interval such as 'interval 7 days' "
            + "(units: milliseconds, seconds, minutes, hours, days, weeks), got '" + v + "'.");
      }
    }
    String iso = props.get("delta.isolationLevel");
    if (iso != null && !iso.equals("Serializable")) {
      throw new TidelakeException("Table property delta.isolationLevel only allows 'Serializable' (as in Delta), got '"
          + iso + "'. WriteSerializable is chosen per operation instead.");
    }
  }

  private static int positiveInt(Map<String, String> props, String key, int dflt) {
    String v = props.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      int i = Integer.parseInt(v.trim());
      if (i > 0) {
        return i;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new TidelakeException("Table property " + key + " must be a positive integer, got '" + v + "'.");
  }
}
