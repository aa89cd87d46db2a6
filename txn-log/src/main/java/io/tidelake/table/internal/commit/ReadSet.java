package io.tidelake.table.internal.commit;

import io.tidelake.table.actions.AddFile;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a transaction read from its snapshot, and so what concurrent commits must not have changed.
 * A blind append reads nothing.
 *
 * @param readVersion the snapshot version read (-1 when creating a table)
 * @param wholeTable true when the transaction depends on every file (an unfiltered overwrite or delete)
 * @param readPredicate the files' partitions/ranges it depends on: a concurrent add it might match is a
 *     conflict (null when it read no data)
 * @param readPaths paths of the files it read (a concurrent remove of any is a conflict)
 * @param appIds application ids whose txn version it checked (idempotent writes)
 */
public record ReadSet(
    long readVersion,
    boolean wholeTable,
    Predicate<AddFile> readPredicate,
    Set<String> readPaths,
    Set<String> appIds) {

  public static ReadSet blindAppend(long readVersion, Set<String> appIds) {
    return new ReadSet(readVersion, false, null, Set.of(), appIds);
  }

  public boolean isBlind() {
    return !wholeTable && readPredicate == null && readPaths.isEmpty();
  }
}
