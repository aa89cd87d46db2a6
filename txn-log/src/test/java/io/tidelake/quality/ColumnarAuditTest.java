package io.tidelake.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.StagedCommit;
import io.tidelake.table.Table;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit of staged files column by column (no rows assembled) against the audit of the same files read
 * back as rows: every result identical, on random data with nulls, NaN, -0.0, dictionary-encoded and
 * plain strings, decimals, dates, timestamps, a partition column, several files and small pages, and
 * {@code mostly} just at and around the observed fraction (mostly edges themselves: ExpectationsTest).
 */
class ColumnarAuditTest {
  static final StructType SCHEMA = SchemaDdl.parse("id long, n int, name string, word string, score double, "
      + "f float, price decimal(10,2), day date, ts timestamp, flag boolean, seq long, part string");

  @TempDir
  Path dir;

  static List<Row> rows(long seed, int count) {
    Random rnd = new Random(seed);
    String[] names = {"ann", "bob", "cy", "dora", "ed"};
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(Row.of(SCHEMA,
          rnd.nextInt(50) == 0 ? null : (long) (rnd.nextInt(8) == 0 ? rnd.nextInt(100) : i * 3L),
          rnd.nextInt(9) == 0 ? null : rnd.nextInt(1000) - 500,
          rnd.nextInt(12) == 0 ? null : names[rnd.nextInt(names.length)],
          rnd.nextInt(7) == 0 ? null : "w" + Long.toString(rnd.nextLong() & 0xFFFFF, 36),
          switch (rnd.nextInt(20)) {
            case 0 -> null;
            case 1 -> Double.NaN;
            case 2 -> -0.0;
            default -> rnd.nextInt(10_000) / 100.0;
          },
          rnd.nextInt(10) == 0 ? null : rnd.nextFloat() * 10,
          rnd.nextInt(10) == 0 ? null : BigDecimal.valueOf(rnd.nextInt(100_000) - 5_000, 2),
          rnd.nextInt(10) == 0 ? null : LocalDate.of(2025, 1, 1).plusDays(rnd.nextInt(60)),
          rnd.nextInt(10) == 0 ? null : Instant.ofEpochSecond(1_735_689_600L + rnd.nextInt(5_000_000), 1000L * rnd.nextInt(1000)),
          rnd.nextInt(10) == 0 ? null : rnd.nextBoolean(),
          (long) i,
          "p" + rnd.nextInt(3)));
    }
    return out;
  }

  static ExpectationSuite suite(int count, double mostly) {
    return ExpectationSuite.named("columnar")
        .expect(Expectation.notNull("name").mostly(mostly))
        .expect(Expectation.isNull("word").mostly(0.1))
        .expect(Expectation.between("score", 0, 50).mostly(mostly))
        .expect(Expectation.between("n", -100, null).with("strict_min", true))
        .expect(Expectation.between("ts", "2025-01-10T00:00:00Z", "2025-02-01T00:00:00Z"))
        .expect(Expectation.between("day", "2025-01-05", "2025-02-20").mostly(0.5))
        .expect(Expectation.between("f", 1, 9))
        // integer columns whose footer statistics decide some row groups, and others they cannot
        .expect(Expectation.between("id", 0, null))
        .expect(Expectation.between("id", 10, 5000).mostly(mostly))
        .expect(Expectation.between("n", -500, 500))
        .expect(Expectation.between("n", -500, 500).with("strict_min", true))
        .expect(Expectation.notNull("n").mostly(mostly))
        .expect(Expectation.isNull("id").mostly(0.0))
        .expect(Expectation.notNull("seq"))
        .expect(Expectation.between("seq", 0, 1_000_000))
        .expect(Expectation.inSet("name", List.of("ann", "bob", "cy")).mostly(mostly))
        .expect(Expectation.notInSet("price", List.of(1, "2.50", 3.75)))
        .expect(Expectation.inSet("part", List.of("p0", "p1")))
        .expect(Expectation.matchesRegex("word", "^w[0-9a-f]+$"))
        .expect(Expectation.of("expect_column_values_to_not_match_regex", Map.of("column", "word", "regex", "z")))
        .expect(Expectation.of("expect_column_value_lengths_to_be_between",
            Map.of("column", "word", "min_value", 3, "max_value", 4)))
        .expect(Expectation.inSet("flag", List.of(true)))
        .expect(Expectation.unique("id").mostly(mostly))
        .expect(Expectation.unique("word"))
        .expect(Expectation.unique("price"))
        .expect(Expectation.unique("score"))
        .expect(Expectation.rowCountBetween((long) count, (long) count))
        .expect(Expectation.of("expect_column_mean_to_be_between", Map.of("column", "score", "min_value", 0)))
        .expect(Expectation.of("expect_column_mean_to_be_between", Map.of("column", "n", "min_value", -20)))
        .expect(Expectation.of("expect_column_sum_to_be_between", Map.of("column", "price", "min_value", 0)))
        .expect(Expectation.of("expect_column_min_to_be_between", Map.of("column", "ts", "min_value", "2025-01-01T00:00:00Z")))
        .expect(Expectation.of("expect_column_max_to_be_between", Map.of("column", "word", "max_value", "wz")))
        .expect(Expectation.of("expect_column_proportion_of_unique_values_to_be_between",
            Map.of("column", "day", "min_value", 0.01)))
        .expect(Expectation.of("expect_table_columns_to_match_set",
            Map.of("column_set", List.of("id", "name"), "exact_match", false)));
  }

  /** The footer statistics the audit decides by: present for integer columns only, and right. */
  private static void assertFooterStatistics(Path table, io.tidelake.table.actions.AddFile f, int count) {
    StructType projection = SCHEMA.select(List.of("seq", "n", "name", "part"));
    try (io.tidelake.format.parquet.DataFileColumns c = io.tidelake.format.parquet.DataFileColumns.open(
        io.tidelake.format.store.ObjectStores.forLocation(table.toString()), table.resolve(f.path()).toString(),
        SCHEMA, List.of("part"), f.partitionValues(), projection,
        io.tidelake.format.parquet.ColumnMappingMode.NONE, f.size())) {
      assertTrue(c.nextRowGroup());
      var seq = c.integralStats(0);
      assertEquals(0, seq.nullCount());
      long[] bounds = {Long.MAX_VALUE, Long.MIN_VALUE};
      long[] rows = {0};
      c.read(0, v -> {
        bounds[0] = Math.min(bounds[0], (Long) v);
        bounds[1] = Math.max(bounds[1], (Long) v);
        rows[0]++;
      });
      assertEquals(rows[0], c.rowCount());
      assertEquals(bounds[0], seq.min());
      assertEquals(bounds[1], seq.max());
      assertTrue(seq.max() < count);
      assertTrue(c.integralStats(1) != null, "int column");
      assertEquals(null, c.integralStats(2), "string column");
      assertEquals(null, c.integralStats(3), "partition column");
    }
  }

  @Test
  void footerStatisticsDecideOnlyWhatTheyProve() {
    BoundSuite bound = ExpectationSuite.named("s").expect(Expectation.between("n", -500, 500))
        .expect(Expectation.notNull("n")).bind(SCHEMA);
    Check between = bound.newAudit().checks()[0];
    Check notNull = bound.newAudit().checks()[1];
    var inRange = new io.tidelake.format.parquet.DataFileColumns.IntegralStats(0, -500L, 500L);
    var outOfRange = new io.tidelake.format.parquet.DataFileColumns.IntegralStats(0, -501L, 3L);
    var allNull = new io.tidelake.format.parquet.DataFileColumns.IntegralStats(10, null, null);
    var someNull = new io.tidelake.format.parquet.DataFileColumns.IntegralStats(2, 0L, 1L);
    assertTrue(between.decidedBy(10, inRange));
    assertFalse(between.decidedBy(10, outOfRange));
    assertTrue(between.decidedBy(10, allNull));
    assertTrue(notNull.decidedBy(10, inRange));
    assertFalse(notNull.decidedBy(10, someNull));
    assertFalse(notNull.decidedBy(10, allNull));
  }

  @Test
  void byColumnsEqualsByRows() {
    int count = 2000;
    for (long seed = 1; seed <= 2; seed++) {
      Path table = dir.resolve("t" + seed);
      try (Table t = Table.create(table.toString()).schema(SCHEMA).partitionBy("part")
          .property("delta.targetFileSize", "24576").property("tidelake.parquet.pageSize", "2048").create()) {
        StagedCommit staged = t.newAppend().addRows(rows(seed, count)).stage("s");
        assertTrue(staged.addedFiles().size() > 3, "several files: " + staged.addedFiles().size());
        assertFooterStatistics(table, staged.addedFiles().get(0), count);
        // the fraction of non-null names in {ann, bob, cy}, 3 of 5 values: mostly around 0.6
        for (double mostly : new double[] {1.0, 0.6, 0.0}) {
          BoundSuite bound = suite(count, mostly).bind(t.snapshot().schema());
          assertTrue(bound.newProjectedAudit().byColumns(), "the suite is audited by columns");
          SuiteResult byColumns = staged.audit(suite(count, mostly));
          SuiteResult byRows = bound.evaluate(staged.stagedRows());
          assertEquals(byRows.rowCount(), byColumns.rowCount());
          assertEquals(byRows.results().size(), byColumns.results().size());
          for (int i = 0; i < byRows.results().size(); i++) {
            ExpectationResult r = byRows.results().get(i);
            ExpectationResult c = byColumns.results().get(i);
            assertEquals(r.result(), c.result(), "seed " + seed + ", mostly " + mostly + ": " + r.expectation());
            assertEquals(r.success(), c.success(), r.expectation().toString());
          }
          assertEquals(byRows.success(), byColumns.success());
        }
      }
    }
  }

  @Test
  void rowConditionsCompoundKeysAndQuarantineNeedRows() {
    BoundSuite cond = ExpectationSuite.named("c").expect(Expectation.rowCondition("n > 0")).bind(SCHEMA);
    assertFalse(cond.newProjectedAudit().byColumns());
    BoundSuite compound = ExpectationSuite.named("c").expect(Expectation.of("expect_compound_columns_to_be_unique",
        Map.of("column_list", List.of("id", "name")))).bind(SCHEMA);
    assertFalse(compound.newProjectedAudit().byColumns());
    BoundSuite quarantine = ExpectationSuite.named("c").expect(Expectation.notNull("id")
        .onFailure(OnFailure.QUARANTINE)).bind(SCHEMA);
    assertFalse(quarantine.newProjectedAudit().byColumns());
  }
}
