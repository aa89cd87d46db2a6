package io.tidelake.compaction;

import io.tidelake.format.TidelakeException;

/**
 * A maintenance operation was asked for something it cannot do (a predicate on a non-partition column, a
 * retention shorter than the table's without force, Z-order on a partition column). Nothing was changed.
 */
public class MaintenanceArgumentException extends TidelakeException {
  public MaintenanceArgumentException(String message) {
    super(message);
  }
}
