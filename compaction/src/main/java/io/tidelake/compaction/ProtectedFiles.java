package io.tidelake.compaction;

import io.tidelake.table.Table;

/**
 * Files vacuum must keep although the table's log does not reference them (yet): the hook for
 * write-audit-publish, whose staged commits reference data files in ordinary (non-hidden) directories
 * until they are published or discarded. Providers are found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.tidelake.compaction.ProtectedFiles}) and can also be passed to
 * {@link Vacuum#protect}. Files younger than the retention are kept anyway; a provider matters for staged
 * commits older than that.
 */
@FunctionalInterface
public interface ProtectedFiles {
  /** Whether vacuum of {@code table} must keep the store location {@code path}. */
  boolean isProtected(Table table, String path);
}
