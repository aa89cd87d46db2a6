package io.tidelake.compaction;

import io.tidelake.table.actions.AddFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Delta's compaction plan: a file is a candidate when it is smaller than the minimum size, or its
 * deletion vector deletes more than a fraction of its rows (or it has one but no row count, so the
 * fraction is unknown). Per partition the candidates are sorted by size and packed greedily into bins
 * up to the target size. A bin of one file is dropped unless that file has a deletion vector to purge,
 * so running OPTIMIZE twice commits nothing the second time.
 */
final class BinPlanner {
  private static final Pattern NUM_RECORDS = Pattern.compile("\"numRecords\"\\s*:\\s*(\\d+)");

  private BinPlanner() {}

  static boolean isCandidate(AddFile f, long minFileSize, double maxDeletedRowsRatio) {
    if (f.size() < minFileSize) {
      return true;
    }
    if (f.deletionVector() == null) {
      return false;
    }
    Long records = numRecords(f);
    if (records == null || records == 0) {
      return true;
    }
    return (double) f.deletionVector().cardinality() / records > maxDeletedRowsRatio;
  }

  static Long numRecords(AddFile f) {
    if (f.stats() == null) {
      return null;
    }
    Matcher m = NUM_RECORDS.matcher(f.stats());
    return m.find() ? Long.parseLong(m.group(1)) : null;
  }

  /** Candidates grouped by partition, in a stable partition order. */
  static Map<Map<String, String>, List<AddFile>> byPartition(List<AddFile> files) {
    Map<String, Map<String, String>> keys = new TreeMap<>();
    Map<String, List<AddFile>> groups = new TreeMap<>();
    for (AddFile f : files) {
      String key = new TreeMap<>(f.partitionValues()).toString();
      keys.putIfAbsent(key, f.partitionValues());
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
    }
    Map<Map<String, String>, List<AddFile>> out = new LinkedHashMap<>();
    groups.forEach((k, v) -> out.put(keys.get(k), v));
    return out;
  }

  static List<Bin> plan(List<AddFile> files, long minFileSize, long maxBinSize, double maxDeletedRowsRatio) {
    List<AddFile> candidates = new ArrayList<>();
    for (AddFile f : files) {
      if (isCandidate(f, minFileSize, maxDeletedRowsRatio)) {
        candidates.add(f);
      }
    }
    List<Bin> bins = new ArrayList<>();
    for (Map.Entry<Map<String, String>, List<AddFile>> e : byPartition(candidates).entrySet()) {
      List<AddFile> group = new ArrayList<>(e.getValue());
      group.sort(Comparator.comparingLong(AddFile::size).thenComparing(AddFile::path));
      List<AddFile> current = new ArrayList<>();
      long size = 0;
      for (AddFile f : group) {
        if (!current.isEmpty() && size + f.size() > maxBinSize) {
          addBin(bins, e.getKey(), current);
          current = new ArrayList<>();
          size = 0;
        }
        current.add(f);
        size += f.size();
      }
      addBin(bins, e.getKey(), current);
    }
    return bins;
  }

  private static void addBin(List<Bin> bins, Map<String, String> partition, List<AddFile> files) {
    if (files.size() > 1 || (files.size() == 1 && files.get(0).deletionVector() != null)) {
      bins.add(new Bin(partition, List.copyOf(files)));
    }
  }
}
