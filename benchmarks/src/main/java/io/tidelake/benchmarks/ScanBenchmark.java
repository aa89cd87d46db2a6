package io.tidelake.benchmarks;

import io.tidelake.format.CloseableIterator;
import io.tidelake.format.Row;
import io.tidelake.format.parquet.DataFileReader;
import io.tidelake.table.ScanFile;
import io.tidelake.table.Table;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * scan: reading a table written by Tidelake (the append data set) against raw parquet-mr reading the very
 * same data files with a hand-written ReadSupport/record materializer. Both sides produce rows of the same
 * Java values (Long, Double, String, Instant, LocalDate) and touch every value.
 *
 * <ul>
 *   <li>{@code full}: all 7 columns of every row.
 *   <li>{@code crc}: the full Tidelake scan with page CRC verification on against off; ratio = on / off time
 *       (the goal is at most 1.05).
 *   <li>{@code projected}: 2 columns (id, amount) where {@code id} is in a 2.5 % range inside one date. Tidelake
 *       skips files with the log's min/max stats and filters rows; parquet-mr opens every file and gets the
 *       same predicate as a filter2 predicate (row-group stats, column-index page skipping, record filter).
 * </ul>
 */
final class ScanBenchmark {
  private ScanBenchmark() {}

  record RawFile(Path path, LocalDate date) {}

  static void run(Settings s, PrintStream out) throws Exception {
    long n = s.appendRows();
    Path dir = s.work().resolve("scan");
    Harness.deleteTree(dir);
    try {
      String location = dir.resolve("table").toString();
      Table.create(location).schema(Events.SCHEMA).partitionBy(Events.PARTITION_COLUMN).create()
          .newAppend().addRows(Events.rows(0, n, n)).commit();
      List<RawFile> files = new ArrayList<>();
      for (ScanFile f : Table.open(location).newScan().planFiles()) {
        files.add(new RawFile(Path.of(f.location()), (LocalDate) f.partitionValues().get(Events.PARTITION_COLUMN)));
      }

      // full scan
      long[] counts = new long[2];
      Samples[] full = Harness.alternate("scan mode=full", s.warmups(), s.runs(), null,
          () -> counts[0] = tidelakeFull(location),
          () -> counts[1] = parquetFull(files));
      check(counts, n, "full");
      double tRate = n / (full[0].medianNs() / 1e9);
      double pRate = n / (full[1].medianNs() / 1e9);
      new Result("scan").put("mode", "full").put("rows", n)
          .put("tidelake_rows_per_s", tRate).put("parquet_rows_per_s", pRate).ratio("ratio", tRate / pRate)
          .put("tidelake_ms", full[0].medianMs()).put("parquet_ms", full[1].medianMs())
          .print(out);

      // the cost of verifying page CRCs: the same full scan with verification on and off
      long[] crcCounts = new long[2];
      Samples[] crc = Harness.alternate("scan mode=crc", s.warmups(), s.runs(), null,
          () -> crcCounts[0] = withChecksums(true, location),
          () -> crcCounts[1] = withChecksums(false, location));
      check(crcCounts, n, "crc");
      new Result("scan").put("mode", "crc").put("rows", n)
          .put("crc_on_ms", crc[0].medianMs()).put("crc_off_ms", crc[1].medianMs())
          .ratio("ratio", crc[0].medianNs() / crc[1].medianNs())
          .put("overhead_pct", 100.0 * (crc[0].medianNs() / crc[1].medianNs() - 1))
          .print(out);

      // projected + skippable predicate: ids [lo, hi) inside date index 3
      long lo = Events.firstIdOfDate(3, n) + n / 40;
      long hi = lo + n / 40;
      String where = "id >= " + lo + " AND id < " + hi;
      FilterPredicate pred = FilterApi.and(FilterApi.gtEq(FilterApi.longColumn("id"), lo),
          FilterApi.lt(FilterApi.longColumn("id"), hi));
      long[] matched = new long[2];
      int filesRead = Table.open(location).newScan().select("id", "amount").where(where).planFiles().size();
      Samples[] proj = Harness.alternate("scan mode=projected", s.warmups() + 2, s.runs() * 2, null,
          () -> matched[0] = tidelakeProjected(location, where),
          () -> matched[1] = parquetProjected(files, FilterCompat.get(pred)));
      check(matched, hi - lo, "projected");
      new Result("scan").put("mode", "projected").put("rows", n).put("matched", hi - lo)
          .put("tidelake_ms", proj[0].medianMs()).put("parquet_ms", proj[1].medianMs())
          .ratio("ratio", proj[1].medianNs() / proj[0].medianNs())
          .put("tidelake_files", filesRead).put("parquet_files", files.size())
          .print(out);
    } finally {
      Harness.deleteTree(dir);
    }
  }

  private static void check(long[] counts, long expected, String mode) {
    if (counts[0] != expected || counts[1] != expected) {
      throw new IllegalStateException("scan " + mode + ": expected " + expected + " rows, Tidelake read " + counts[0]
          + ", parquet-mr " + counts[1]);
    }
  }

  /** Touches every value of a row; the result feeds a checksum. */
  private static long touch(Object[] v) {
    long h = (Long) v[0];
    for (int i = 1; i < v.length; i++) {
      if (v[i] != null) {
        h += 31;
      }
    }
    return h;
  }

  private static long touch(Row r) {
    int n = r.size();
    long h = (Long) r.get(0);
    for (int i = 1; i < n; i++) {
      if (r.get(i) != null) {
        h += 31;
      }
    }
    return h;
  }

  static long tidelakeFull(String location) {
    long rows = 0;
    long h = 0;
    try (CloseableIterator<Row> it = Table.open(location).newScan().rows()) {
      while (it.hasNext()) {
        h += touch(it.next());
        rows++;
      }
    }
    Harness.sink += h;
    return rows;
  }

  /** A full Tidelake scan with page CRC verification on or off (the property is read per row group). */
  static long withChecksums(boolean verify, String location) {
    System.setProperty(DataFileReader.VERIFY_CHECKSUMS_PROPERTY, Boolean.toString(verify));
    try {
      return tidelakeFull(location);
    } finally {
      System.clearProperty(DataFileReader.VERIFY_CHECKSUMS_PROPERTY);
    }
  }

  static long parquetFull(List<RawFile> files) throws Exception {
    List<String> cols = Events.SCHEMA.fieldNames();
    long rows = 0;
    long h = 0;
    for (RawFile f : files) {
      try (ParquetReader<Object[]> r = RawParquet.openReader(f.path(), cols, f.date(), null)) {
        for (Object[] v; (v = r.read()) != null; ) {
          h += touch(v);
          rows++;
        }
      }
    }
    Harness.sink += h;
    return rows;
  }

  static long tidelakeProjected(String location, String where) {
    long rows = 0;
    long h = 0;
    try (CloseableIterator<Row> it = Table.open(location).newScan().select("id", "amount").where(where).rows()) {
      while (it.hasNext()) {
        h += touch(it.next());
        rows++;
      }
    }
    Harness.sink += h;
    return rows;
  }

  static long parquetProjected(List<RawFile> files, FilterCompat.Filter filter) throws Exception {
    List<String> cols = List.of("id", "amount");
    long rows = 0;
    long h = 0;
    for (RawFile f : files) {
      try (ParquetReader<Object[]> r = RawParquet.openReader(f.path(), cols, f.date(), filter)) {
        for (Object[] v; (v = r.read()) != null; ) {
          h += touch(v);
          rows++;
        }
      }
    }
    Harness.sink += h;
    return rows;
  }
}
