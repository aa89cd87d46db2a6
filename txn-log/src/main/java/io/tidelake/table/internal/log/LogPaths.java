package io.tidelake.table.internal.log;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of the files in {@code _delta_log}, as the protocol fixes them: 20-digit zero-padded versions so
 * that a lexicographic listing is a version-ordered listing.
 */
public final class LogPaths {
  public static final String LOG_DIR = "_delta_log";
  public static final String LAST_CHECKPOINT = "_last_checkpoint";
  public static final String SIDECARS_DIR = "_sidecars";

  private static final Pattern DELTA = Pattern.compile("(\\d{20})\\.json");
  private static final Pattern CLASSIC_CHECKPOINT = Pattern.compile("(\\d{20})\\.checkpoint\\.parquet");
  private static final Pattern MULTIPART_CHECKPOINT = Pattern.compile("(\\d{20})\\.checkpoint\\.(\\d{10})\\.(\\d{10})\\.parquet");
  private static final Pattern V2_CHECKPOINT = Pattern.compile("(\\d{20})\\.checkpoint\\.[0-9a-fA-F-]{36}\\.(json|parquet)");

  private LogPaths() {}

  public static String logDir(String tableRoot) {
    return tableRoot + "/" + LOG_DIR;
  }

  public static String deltaFileName(long version) {
    return String.format("%020d.json", version);
  }

  public static String deltaFile(String tableRoot, long version) {
    return logDir(tableRoot) + "/" + deltaFileName(version);
  }

  public static String classicCheckpointName(long version) {
    return String.format("%020d.checkpoint.parquet", version);
  }

  /** The listing key that sorts just before every file of {@code version}. */
  public static String listFrom(long version) {
    return version == 0 ? null : String.format("%020d", version - 1) + ".~"; // '~' sorts after '.', digits, letters
  }

  /** The commit version of a {@code <v>.json} name, or -1 if the name is not a commit file. */
  public static long deltaVersion(String name) {
    Matcher m = DELTA.matcher(name);
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  /** A parsed checkpoint file name, or null if the name is not a checkpoint. */
  public static CheckpointName checkpoint(String name) {
    Matcher m = CLASSIC_CHECKPOINT.matcher(name);
    if (m.matches()) {
      return new CheckpointName(Long.parseLong(m.group(1)), CheckpointName.Kind.CLASSIC, 1, 1);
    }
    m = MULTIPART_CHECKPOINT.matcher(name);
    if (m.matches()) {
      return new CheckpointName(Long.parseLong(m.group(1)), CheckpointName.Kind.MULTI_PART,
          Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }
    m = V2_CHECKPOINT.matcher(name);
    if (m.matches()) {
      return new CheckpointName(Long.parseLong(m.group(1)),
          m.group(2).equals("json") ? CheckpointName.Kind.V2_JSON : CheckpointName.Kind.V2_PARQUET, 1, 1);
    }
    return null;
  }

  /** What a checkpoint file name says: its version, kind, and part o of p (multi-part only). */
  public record CheckpointName(long version, Kind kind, int part, int parts) {
    public enum Kind { CLASSIC, MULTI_PART, V2_JSON, V2_PARQUET }
  }
}
