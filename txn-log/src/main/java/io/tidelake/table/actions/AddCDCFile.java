package io.tidelake.table.actions;

import java.util.Map;
import java.util.Objects;

/**
 * The {@code cdc} action: a change data file (rows plus {@code _change_type}) written by a commit when
 * change data feed is enabled. Never part of the table's data; {@code dataChange} is always false in
 * files written by the reference implementation.
 */
public record AddCDCFile(
    String path, Map<String, String> partitionValues, long size, boolean dataChange, Map<String, String> tags)
    implements Action {

  public AddCDCFile {
    Objects.requireNonNull(path, "path");
    partitionValues = Copies.mapOrEmpty(partitionValues);
    tags = Copies.mapOrNull(tags);
  }
}
