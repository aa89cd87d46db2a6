package io.tidelake.quality;

import java.nio.file.Path;

/**
 * Resource limits of one audit: the memory budget of each uniqueness check (and of the proportion of
 * unique values), where they spill beyond it, and the threads a column-by-column audit may use.
 */
record AuditLimits(long uniquenessBudget, Path spillDir, int threads) {
  /** System property: the threads of a column-by-column audit (default: processors, at most 4). */
  static final String THREADS_PROPERTY = "tidelake.quality.auditThreads";
  /** System property: the memory budget in bytes of each uniqueness check (default below). */
  static final String BUDGET_PROPERTY = "tidelake.quality.uniquenessMemoryBytes";
  /** System property: where uniqueness checks spill (default: java.io.tmpdir). */
  static final String SPILL_DIR_PROPERTY = "tidelake.quality.spillDir";

  /** The defaults: {@code min(256 MiB, max heap / 8)} a check, the temp directory, the processors up to 4. */
  static AuditLimits defaults() {
    String dir = System.getProperty(SPILL_DIR_PROPERTY);
    return new AuditLimits(positive(BUDGET_PROPERTY, Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 8)),
        Path.of(dir != null && !dir.isBlank() ? dir : System.getProperty("java.io.tmpdir")),
        (int) Math.min(64, positive(THREADS_PROPERTY, Math.min(4, Runtime.getRuntime().availableProcessors()))));
  }

  /** The positive number system property {@code name} holds, or {@code dflt} when it is not set. */
  private static long positive(String name, long dflt) {
    String p = System.getProperty(name);
    if (p == null || p.isBlank()) {
      return dflt;
    }
    try {
      return Math.max(1, Long.parseLong(p.trim()));
    } catch (NumberFormatException e) {
      throw new io.tidelake.format.TidelakeException("System property " + name + " must be a whole number, got '"
          + p + "'; unset it for the default (" + dflt + ")");
    }
  }

  /** A counter of keys of these column domains within the budget. */
  Occurrences occurrences(ValueDomain[] domains) {
    if (domains.length == 1 && domains[0].kind == ValueDomain.Kind.INTEGRAL) {
      return new LongOccurrences(uniquenessBudget, spillDir);
    }
    return new KeyOccurrences(uniquenessBudget, spillDir, KeyCodec.encodable(domains));
  }
}
