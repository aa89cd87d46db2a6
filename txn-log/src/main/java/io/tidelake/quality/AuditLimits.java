package io.tidelake.quality;

import java.nio.file.Path;

/**
 * Resource limits of one audit: the memory budget of each uniqueness check (and of the proportion of
 * unique values) and where they spill beyond it.
 */
record AuditLimits(long uniquenessBudget, Path spillDir) {
  /** The defaults: {@link Occurrences#defaultBudget()} and {@link Occurrences#defaultSpillDir()}. */
  static AuditLimits defaults() {
    return new AuditLimits(Occurrences.defaultBudget(), Occurrences.defaultSpillDir());
  }

  /** A counter of keys of these column domains within the budget. */
  Occurrences occurrences(ValueDomain[] domains) {
    if (domains.length == 1 && domains[0].kind == ValueDomain.Kind.INTEGRAL) {
      return new LongOccurrences(uniquenessBudget, spillDir);
    }
    return new KeyOccurrences(uniquenessBudget, spillDir, KeyCodec.encodable(domains));
  }
}
