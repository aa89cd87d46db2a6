package io.tidelake.stream;

/**
 * The source table's schema changed after the stream started. An additive change (new nullable columns)
 * is picked up by restarting the query ({@link #needsRestartOnly()}); any other change cannot be
 * followed by this checkpoint.
 */
public class SourceSchemaChangedException extends StreamingException {
  private final boolean restartOnly;

  public SourceSchemaChangedException(String message, boolean restartOnly) {
    super(message);
    this.restartOnly = restartOnly;
  }

  /** True when restarting the query (same checkpoint) reads on with the new schema. */
  public boolean needsRestartOnly() {
    return restartOnly;
  }
}
