package io.tidelake.quality;

import java.nio.file.Path;

/**
 * Resource limits of one audit: the memory budget of each uniqueness check (and of the proportion of
 * unique values), where they spill beyond it, and the threads a column-by-column audit may use.
 */
record AuditLimits(long uniquenessBudget, Path spillDir, int threads) {
  /** System property: the threads of a column-by-column audit (default: processors, at most 4). */
  static final String THREADS_PROPERTY = "tidelake.quality.auditThreads";

  /** The defaults: {@link Occurrences#defaultBudget()}, {@link Occurrences#defaultSpillDir()}, threads. */
  static AuditLimits defaults() {
    return new AuditLimits(Occurrences.defaultBudget(), Occurrences.defaultSpillDir(), defaultThreads());
  }

  static int defaultThreads() {
    String p = System.getProperty(THREADS_PROPERTY);
    if (p != null && !p.isBlank()) {
      try {
        return Math.max(1, Integer.parseInt(p.trim()));
      } catch (NumberFormatException e) {
        throw new io.tidelake.format.TidelakeException("System property " + THREADS_PROPERTY
            + " must be a number of threads, got '" + p + "'");
      }
    }
    return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  /** A counter of keys of these column domains within the budget. */
  Occurrences occurrences(ValueDomain[] domains) {
    if (domains.length == 1 && domains[0].kind == ValueDomain.Kind.INTEGRAL) {
      return new LongOccurrences(uniquenessBudget, spillDir);
    }
    return new KeyOccurrences(uniquenessBudget, spillDir, KeyCodec.encodable(domains));
  }
}
