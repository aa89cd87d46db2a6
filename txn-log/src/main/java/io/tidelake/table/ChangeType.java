package io.tidelake.table;

/** The {@code _change_type} of a change data feed row, spelled as Delta writes it. */
public enum ChangeType {
  INSERT("insert"),
  DELETE("delete"),
  UPDATE_PREIMAGE("update_preimage"),
  UPDATE_POSTIMAGE("update_postimage");

  /** The change feed's extra columns, after the table's own. */
  public static final String CHANGE_TYPE_COLUMN = "_change_type";
  public static final String COMMIT_VERSION_COLUMN = "_commit_version";
  public static final String COMMIT_TIMESTAMP_COLUMN = "_commit_timestamp";

  private final String text;

  ChangeType(String text) {
    this.text = text;
  }

  /** The value stored in {@code _change_type}. */
  public String text() {
    return text;
  }

  public static ChangeType of(String text) {
    for (ChangeType t : values()) {
      if (t.text.equals(text)) {
        return t;
      }
    }
    throw new IllegalArgumentException("Unknown _change_type '" + text + "'; Delta defines insert, delete, "
        + "update_preimage and update_postimage");
  }
}
