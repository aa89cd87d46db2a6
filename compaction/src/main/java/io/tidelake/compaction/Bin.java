package io.tidelake.compaction;

import io.tidelake.table.actions.AddFile;
import java.util.List;
import java.util.Map;

/** Files of one partition that an OPTIMIZE rewrites together into one file (or, for Z-order, several). */
record Bin(Map<String, String> partition, List<AddFile> files) {
  long bytes() {
    long total = 0;
    for (AddFile f : files) {
      total += f.size();
    }
    return total;
  }
}
