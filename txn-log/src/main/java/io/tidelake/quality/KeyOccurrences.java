package io.tidelake.quality;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Occurrences} of any keys (strings, decimals, dates, compound keys...): a hash map from key to
 * (count, first row) while its estimated size is within the budget; beyond it the map is written out as a
 * run sorted by the keys' {@link KeyCodec} bytes and emptied. Keys of complex columns (structs, maps,
 * arrays) have no encoding and stay in memory whatever the budget.
 */
final class KeyOccurrences extends Occurrences {
  /** HashMap node, table slot and the long[2] of (count, first row), beside the key itself. */
  private static final long ENTRY_OVERHEAD = 32 + 8 + 32;
  private final boolean spillable;
  private final Map<Object, long[]> seen = new HashMap<>();
  private long used;

  KeyOccurrences(long budget, Path spillDir, boolean spillable) {
    super(budget, spillDir);
    this.spillable = spillable;
  }

  @Override
  void add(Object key, long row) {
    long[] c = seen.get(key);
    if (c != null) {
      c[0]++;
      return;
    }
    seen.put(key, new long[] {1, row});
    used += ENTRY_OVERHEAD + KeyCodec.heapEstimate(key);
    if (used > budget && spillable) {
      try {
        spill();
      } catch (IOException e) {
        throw spillFailed(e);
      }
    }
  }

  private record Encoded(byte[] key, long count, long firstRow) {}

  private void spill() throws IOException {
    List<Encoded> sorted = new ArrayList<>(seen.size());
    for (Map.Entry<Object, long[]> e : seen.entrySet()) {
      sorted.add(new Encoded(KeyCodec.encode(e.getKey()), e.getValue()[0], e.getValue()[1]));
    }
    seen.clear();
    used = 0;
    sorted.sort((a, b) -> Arrays.compareUnsigned(a.key, b.key));
    try (SpillRuns.Writer w = new SpillRuns.Writer(newRun())) {
      for (Encoded e : sorted) {
        w.write(e.key, e.count, e.firstRow);
      }
    }
  }

  @Override
  void summarise(Tally t) throws IOException {
    if (runs.isEmpty()) {
      for (Map.Entry<Object, long[]> e : seen.entrySet()) {
        t.add(e.getValue()[0], e.getValue()[1], e::getKey);
      }
      return;
    }
    if (!seen.isEmpty()) {
      spill();
    }
    SpillRuns.merge(runs, this::newRun, (key, count, first) -> t.add(count, first, () -> KeyCodec.decode(key)));
  }
}
