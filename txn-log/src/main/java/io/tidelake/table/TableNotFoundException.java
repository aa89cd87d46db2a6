package io.tidelake.table;

import io.tidelake.format.TidelakeException;

/** No Delta table at a location: there is no {@code _delta_log} with a commit or checkpoint. */
public class TableNotFoundException extends TidelakeException {
  public TableNotFoundException(String location) {
    super("No Delta table at " + location + ": " + location + "/_delta_log has no commit or checkpoint. "
        + "Check the path, or create the table first (Table.create / tide create).");
  }
}
