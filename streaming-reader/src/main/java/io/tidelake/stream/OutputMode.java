package io.tidelake.stream;

/** How each batch's output reaches a table sink (Spark's output modes). */
public enum OutputMode {
  /** New rows are appended. */
  APPEND("Append"),
  /** The sink is replaced by the batch's output (the whole result, for queries that compute one). */
  COMPLETE("Complete"),
  /**
   * Changed rows are upserted: windowed aggregates by their window and group columns (the changed windows'
   * current values), other queries through a user function ({@link StreamingQueryBuilder#update}).
   */
  UPDATE("Update");

  private final String deltaName;

  OutputMode(String deltaName) {
    this.deltaName = deltaName;
  }

  /** The name Delta records in commitInfo ({@code outputMode}). */
  public String deltaName() {
    return deltaName;
  }

  public static OutputMode parse(String text) {
    for (OutputMode m : values()) {
      if (m.name().equalsIgnoreCase(text.trim())) {
        return m;
      }
    }
    throw new StreamingException("Unknown output mode '" + text + "'; use append, complete or update");
  }
}
