package io.tidelake.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uniqueness in bounded memory: with a budget small enough to spill hundreds of sorted runs (merged in
 * several rounds: see the LongOccurrences case), every uniqueness result is identical to the in-memory one, and both agree with a
 * simple model of GE's definition (every occurrence of a repeated value is unexpected; nulls are missing).
 * Random data with duplicates, nulls, NaN, -0.0, negative longs and decimals of several scales.
 */
class UniquenessSpillTest {
  static final StructType SCHEMA = SchemaDdl.parse(
      "id long, name string, score double, price decimal(10,2), day date");

  @TempDir
  Path spill;

  static List<Row> randomRows(long seed, int n) {
    Random rnd = new Random(seed);
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Long id = rnd.nextInt(20) == 0 ? null : (rnd.nextInt(10) == 0 ? (long) rnd.nextInt(300) : rnd.nextLong());
      String name = rnd.nextInt(15) == 0 ? null : "n" + rnd.nextInt(n);
      Double score = switch (rnd.nextInt(30)) {
        case 0 -> null;
        case 1 -> Double.NaN;
        case 2 -> -0.0;
        case 3 -> 0.0;
        default -> (double) rnd.nextInt(n * 2);
      };
      BigDecimal price = rnd.nextInt(25) == 0 ? null : BigDecimal.valueOf(rnd.nextInt(4 * n), 2);
      LocalDate day = rnd.nextInt(10) == 0 ? null : LocalDate.of(2025, 1, 1).plusDays(rnd.nextInt(n));
      rows.add(Row.of(SCHEMA, id, name, score, price, day));
    }
    return rows;
  }

  static ExpectationSuite suite() {
    ExpectationSuite s = ExpectationSuite.named("u");
    for (String c : List.of("id", "name", "score", "price", "day")) {
      s = s.expect(Expectation.unique(c));
      s = s.expect(Expectation.of("expect_column_proportion_of_unique_values_to_be_between",
          Map.of("column", c, "min_value", 0, "max_value", 1)));
    }
    for (String ignore : List.of("all_values_are_missing", "any_value_is_missing", "never")) {
      s = s.expect(Expectation.of("expect_compound_columns_to_be_unique",
          Map.of("column_list", List.of("name", "day"), "ignore_row_if", ignore)));
    }
    return s.expect(Expectation.of("expect_compound_columns_to_be_unique",
        Map.of("column_list", List.of("id", "score", "price"))));
  }

  private boolean spillFilesExist() {
    try (var entries = Files.walk(spill)) {
      return entries.anyMatch(Files::isRegularFile);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aPassThatFailsHalfWayLeavesNoSpillFiles() throws Exception {
    List<Row> rows = randomRows(7, 4000);
    boolean[] spilledBeforeFailure = {false};
    java.util.Iterator<Row> failing = new java.util.Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Row next() {
        if (i == 3000) {
          spilledBeforeFailure[0] = spillFilesExist();
          throw new IllegalStateException("source broke at row 3000");
        }
        return rows.get(i++);
      }
    };
    BoundSuite bound = suite().bind(SCHEMA).withUniquenessMemory(16_384, spill);
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> bound.evaluate(failing));
    assertEquals("source broke at row 3000", e.getMessage());
    assertTrue(spilledBeforeFailure[0], "the budget should have made the checks spill before the failure");
    try (var left = Files.walk(spill)) {
      assertEquals(List.of(), left.filter(p -> !p.equals(spill)).toList(), "spill files left behind");
    }
  }

  @Test
  void spilledResultsAreIdenticalToInMemoryOnes() throws Exception {
    for (long seed = 1; seed <= 2; seed++) {
      List<Row> rows = randomRows(seed, 4000);
      BoundSuite bound = suite().bind(SCHEMA);
      SuiteResult inMemory = bound.evaluate(rows);
      boolean[] spilledDuringPass = {false};
      SuiteResult spilled = bound.withUniquenessMemory(16_384, spill).evaluate(new java.util.Iterator<Row>() {
        int i;

        @Override
        public boolean hasNext() {
          if (i == rows.size()) { // the pass is over, the runs not merged yet: they must exist now
            spilledDuringPass[0] = spillFilesExist();
          }
          return i < rows.size();
        }

        @Override
        public Row next() {
          return rows.get(i++);
        }
      });
      assertTrue(spilledDuringPass[0], "the 16 KB budget should have made the checks spill");
      assertEquals(inMemory.results().size(), spilled.results().size());
      for (int i = 0; i < inMemory.results().size(); i++) {
        ExpectationResult a = inMemory.results().get(i);
        ExpectationResult b = spilled.results().get(i);
        assertEquals(a.result(), b.result(), "seed " + seed + ", " + a.expectation());
        assertEquals(a.success(), b.success());
      }
      try (var left = Files.list(spill)) {
        assertEquals(0, left.count(), "the runs are deleted after the audit");
      }
    }
  }

  @Test
  void bothAgreeWithASimpleModelOfGe() {
    List<Row> rows = randomRows(7, 5000);
    for (int col = 0; col < SCHEMA.size(); col++) {
      String c = SCHEMA.field(col).name();
      ValueDomain d = ValueDomain.of(SCHEMA.field(col).type());
      // model: value -> rows where it occurs, in row order (norm as the check compares)
      Map<Object, List<Integer>> where = new LinkedHashMap<>();
      long missing = 0;
      for (int r = 0; r < rows.size(); r++) {
        Object v = rows.get(r).get(col);
        if (v == null) {
          missing++;
        } else {
          where.computeIfAbsent(d.norm(v), k -> new ArrayList<>()).add(r);
        }
      }
      long unexpected = where.values().stream().filter(l -> l.size() > 1).mapToLong(List::size).sum();
      List<Object> firstRepeated = new ArrayList<>();
      where.forEach((k, l) -> {
        if (l.size() > 1) {
          firstRepeated.add(k);
        }
      });
      for (long budget : new long[] {Long.MAX_VALUE, 8192}) {
        BoundSuite bound = ExpectationSuite.named("m").expect(Expectation.unique(c)).bind(SCHEMA)
            .withUniquenessMemory(budget, spill);
        SuiteAudit audit = bound.newAudit();
        rows.forEach(audit::accept);
        ExpectationResult r = audit.finish().results().get(0);
        assertEquals(unexpected, r.unexpectedCount(), c);
        assertEquals(missing, r.result().get("missing_count"), c);
        assertEquals(unexpected == 0, r.success(), c);
        List<?> counts = (List<?>) r.result().get("partial_unexpected_counts");
        assertEquals(Math.min(20, firstRepeated.size()), counts.size(), c);
        for (int i = 0; i < counts.size(); i++) {
          Object key = firstRepeated.get(i);
          assertEquals((long) where.get(key).size(), ((Map<?, ?>) counts.get(i)).get("count"), c + " #" + i);
        }
      }
    }
  }

  @Test
  void ascendingLongsNeedNoSortAndSpillOnlyBeyondTheBudget() {
    LongOccurrences ascending = new LongOccurrences(1 << 20, spill);
    for (long i = 0; i < 10_000; i++) {
      ascending.addLong(i * 3 - 5000, i);
    }
    assertEquals(new Occurrences.Summary(10_000, 0, List.of()), ascending.finish());
    assertFalse(ascending.spilled());

    LongOccurrences small = new LongOccurrences(32 * 100, spill);
    for (long i = 0; i < 10_000; i++) {
      small.addLong(i % 2_500, i); // every key 4 times, in runs of 100 keys
    }
    Occurrences.Summary s = small.finish();
    assertTrue(small.spilled());
    assertEquals(2_500, s.distinct());
    assertEquals(10_000, s.repeatedOccurrences());
    assertEquals(new Occurrences.Repeated(0L, 4, 0), s.firstRepeated().get(0));
    assertEquals(new Occurrences.Repeated(19L, 4, 19), s.firstRepeated().get(19));
  }

  @Test
  void keysSpillBeyondTheBudgetAndMergeAcrossRuns() {
    KeyOccurrences keys = new KeyOccurrences(4096, spill, true);
    for (long i = 0; i < 3_000; i++) {
      keys.add(java.util.Arrays.asList("k" + (i % 1_000), i % 3 == 0 ? null : 1L), i);
    }
    Occurrences.Summary s = keys.finish();
    assertTrue(keys.spilled());
    assertEquals(2_000, s.distinct());
    // per j: (kj, null) once and (kj, 1) twice, since i = j, j + 1000, j + 2000 take every residue mod 3
    assertEquals(2_000, s.repeatedOccurrences());
    assertEquals(new Occurrences.Repeated(java.util.Arrays.asList("k1", 1L), 2, 1), s.firstRepeated().get(0));
    assertEquals(new Occurrences.Repeated(java.util.Arrays.asList("k2", 1L), 2, 2), s.firstRepeated().get(1));
  }

  @Test
  void radixSortIsStableOverNegativeAndLargeKeys() {
    Random rnd = new Random(3);
    int n = 5000;
    long[] keys = new long[n];
    long[] rows = new long[n];
    for (int i = 0; i < n; i++) {
      keys[i] = switch (rnd.nextInt(4)) {
        case 0 -> rnd.nextLong();
        case 1 -> Long.MIN_VALUE + rnd.nextInt(3);
        case 2 -> Long.MAX_VALUE - rnd.nextInt(3);
        default -> rnd.nextInt(50) - 25;
      };
      rows[i] = i;
    }
    long[] expected = keys.clone();
    java.util.Arrays.sort(expected);
    LongOccurrences.sortPairs(keys, rows, n);
    assertTrue(java.util.Arrays.equals(expected, keys));
    for (int i = 1; i < n; i++) {
      assertTrue(keys[i - 1] < keys[i] || rows[i - 1] < rows[i], "stable at " + i);
    }
  }

  @Test
  void keyCodecRoundTripsAndKeepsEqualityExact() {
    List<Object> keys = List.of(1L, -0.0, 0.0, Double.NaN, new BigDecimal("1.5"), new BigDecimal("15E-1"),
        "a\uD800b", true, LocalDate.of(2025, 3, 1), java.time.Instant.ofEpochSecond(5, 7),
        java.time.LocalDateTime.of(2025, 1, 1, 1, 1, 1, 9), java.nio.ByteBuffer.wrap(new byte[] {1, 2}),
        java.util.Arrays.asList(null, 3L, "x"));
    for (Object a : keys) {
      assertEquals(a, KeyCodec.decode(KeyCodec.encode(a)));
      for (Object b : keys) {
        assertEquals(a.equals(b), java.util.Arrays.equals(KeyCodec.encode(a), KeyCodec.encode(b)), a + " vs " + b);
      }
    }
  }
}
