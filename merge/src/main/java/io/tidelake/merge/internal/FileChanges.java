package io.tidelake.merge.internal;

import io.tidelake.format.dv.DeletedRows;
import io.tidelake.table.actions.AddFile;
import java.util.Arrays;

/** Per touched file, the rows to change (ascending physical index), the clause deciding each, and its source row's values. */
final class FileChanges {
  final AddFile file;
  /**
   * The source rows some row of this file matched; merged into the source's set as soon as the file is
   * done and then dropped, so memory does not grow with files × source rows.
   */
  java.util.BitSet matchedSource = new java.util.BitSet();
  long[] positions = new long[8];
  int[] clause = new int[8];
  Object[][] sourceRow = new Object[8][];
  /** For a spilled MERGE: the {@link MatchRuns} run holding change i's source row, -1 when it is in {@code sourceRow}. */
  byte[] run = new byte[8];
  int n;

  FileChanges(AddFile file) {
    this.file = file;
  }

  void add(long position, int clauseIndex, Object[] src) {
    add(position, clauseIndex, src, (byte) -1);
  }

  private void add(long position, int clauseIndex, Object[] src, byte runIndex) {
    if (n == positions.length) {
      positions = Arrays.copyOf(positions, n * 2);
      clause = Arrays.copyOf(clause, n * 2);
      sourceRow = Arrays.copyOf(sourceRow, n * 2);
      run = Arrays.copyOf(run, n * 2);
    }
    positionSet = null;
    positions[n] = position;
    clause[n] = clauseIndex;
    sourceRow[n] = src;
    run[n] = runIndex;
    n++;
  }

  /** Adds the changes another pass found in the same file (a spilled MERGE joins one partition batch at a time). */
  void addAll(FileChanges other) {
    for (int i = 0; i < other.n; i++) {
      add(other.positions[i], other.clause[i], other.sourceRow[i], other.run[i]);
    }
  }

  /** Puts the changes back in ascending position order after {@link #addAll}. */
  void sort() {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(positions[a], positions[b]));
    long[] p = new long[n];
    int[] c = new int[n];
    Object[][] s = new Object[n][];
    byte[] r = new byte[n];
    for (int i = 0; i < n; i++) {
      p[i] = positions[order[i]];
      c[i] = clause[order[i]];
      s[i] = sourceRow[order[i]];
      r[i] = run[order[i]];
    }
    positions = p;
    clause = c;
    sourceRow = s;
    run = r;
  }

  /** The changed rows as a set (built once: pass 2 reads them with it, the deletion vector is made of it). */
  DeletedRows positionSet() {
    if (positionSet == null) {
      DeletedRows.Builder b = DeletedRows.builder();
      for (int i = 0; i < n; i++) {
        b.add(positions[i]);
      }
      positionSet = b.build();
    }
    return positionSet;
  }

  private DeletedRows positionSet;
}
