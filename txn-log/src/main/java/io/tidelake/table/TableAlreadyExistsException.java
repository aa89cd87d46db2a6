package io.tidelake.table;

import io.tidelake.format.TidelakeException;

/** Create was asked for a location that already holds a table. */
public class TableAlreadyExistsException extends TidelakeException {
  public TableAlreadyExistsException(String location) {
    super("A Delta table already exists at " + location + ". Open it with Table.open, or choose another location.");
  }
}
