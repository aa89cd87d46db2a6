package io.tidelake.table;

/** Decodes a log path the way the table does, for tests. */
final class DataPathsTestAccess {
  private DataPathsTestAccess() {}

  static String decoded(String logPath) {
    return io.tidelake.table.internal.DataPaths.percentDecode(logPath);
  }
}
