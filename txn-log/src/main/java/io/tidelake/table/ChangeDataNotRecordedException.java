package io.tidelake.table;

import io.tidelake.format.TidelakeException;

/**
 * A change feed was asked for a range in which a version did not record change data (the table did not
 * have {@code delta.enableChangeDataFeed=true} then), so its changes cannot be given exactly (delta-spark's
 * {@code DELTA_MISSING_CHANGE_DATA}).
 */
public class ChangeDataNotRecordedException extends TidelakeException {
  public ChangeDataNotRecordedException(String table, long start, long end, long version) {
    super("Cannot read the change data feed of " + table + " for versions [" + start + ", " + end + "]: version "
        + version + " did not record change data (delta.enableChangeDataFeed was not true). Start the range after "
        + "the feed was enabled, or enable it with the table property delta.enableChangeDataFeed=true for future "
        + "changes.");
  }

  /** Change data that cannot be given exactly for another reason, stated in {@code message}. */
  public ChangeDataNotRecordedException(String message) {
    super(message);
  }
}
