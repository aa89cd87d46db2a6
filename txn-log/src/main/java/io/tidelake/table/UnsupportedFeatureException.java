package io.tidelake.table;

import io.tidelake.format.TidelakeException;

/**
 * The table's protocol asks for something Tidelake does not implement: a reader or writer version above
 * what we support, or a table feature we do not know (reading) or cannot honour (writing). Refusing is
 * what the protocol requires; guessing could return wrong rows or corrupt the table.
 */
public class UnsupportedFeatureException extends TidelakeException {
  private final String feature;

  public UnsupportedFeatureException(String feature, String message) {
    super(message);
    this.feature = feature;
  }

  /** The feature name (or "readerVersion N" / "writerVersion N"). */
  public String feature() {
    return feature;
  }
}
