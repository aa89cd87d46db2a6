package io.tidelake.stream;

/**
 * A source commit removed data (DELETE, UPDATE, MERGE, OVERWRITE...) and no option says what to do with
 * it: a stream only follows appends (Delta's {@code DELTA_SOURCE_IGNORE_DELETE} and
 * {@code DELTA_SOURCE_TABLE_IGNORE_CHANGES}). The message names the version, the operation and the option
 * that relaxes the check.
 */
public class SourceDataRemovedException extends StreamingException {
  private final long version;
  private final String operation;
  private final String option;

  public SourceDataRemovedException(String table, long version, String operation, boolean alsoAdds) {
    super(message(table, version, operation, alsoAdds));
    this.version = version;
    this.operation = operation;
    this.option = alsoAdds ? "skipChangeCommits" : "ignoreDeletes";
  }

  private static String message(String table, long version, String operation, boolean alsoAdds) {
    String op = operation == null ? "an unknown operation" : operation;
    if (alsoAdds) {
      return "Detected a data update (" + op + ") in the source table " + table + " at version " + version
          + ". A stream only reads appended data. To skip commits that change existing rows set the option "
          + "'skipChangeCommits' (--skip-change-commits); 'ignoreChanges' re-emits their rewritten rows "
          + "(duplicates). Or restart with a fresh checkpoint.";
    }
    return "Detected deleted data (" + op + ") in the source table " + table + " at version " + version
        + ". A stream only reads appended data. To ignore commits that only delete set the option "
        + "'ignoreDeletes' (--ignore-deletes), or 'skipChangeCommits' to skip every commit that removes data. "
        + "Or restart with a fresh checkpoint.";
  }

  public long version() {
    return version;
  }

  public String operation() {
    return operation;
  }

  /** The option that lets the stream continue past this commit. */
  public String relaxingOption() {
    return option;
  }
}
