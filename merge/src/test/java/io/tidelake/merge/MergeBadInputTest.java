package io.tidelake.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.Row;
import io.tidelake.format.SchemaViolationException;
import io.tidelake.format.expr.ExpressionException;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad MERGE input gives a typed error that says what and where, before or during execution, and leaves
 * the table and its directory exactly as they were (no commit, no data, change or DV file behind).
 */
class MergeBadInputTest {
  static final StructType TARGET = MergeBasicsTest.TARGET;
  static final StructType SOURCE = MergeBasicsTest.SOURCE;

  @TempDir Path dir;
  Table table;
  long version;
  List<String> files;

  @BeforeEach
  void setUp() {
    table = MergeBasicsTest.target(dir, true, true); // DV and CDF: the most files a failure could leave
    version = table.snapshot().version();
    files = dataFiles(dir.resolve("t"));
  }

  private void assertUnchanged() {
    assertThat(Table.open(table.location()).snapshot().version()).isEqualTo(version);
    assertThat(dataFiles(dir.resolve("t"))).containsExactlyElementsOf(files);
  }

  private void fails(Executable e, Class<? extends Throwable> type, String... messageParts) {
    assertThatThrownBy(e::execute).isInstanceOf(type);
    if (messageParts.length > 0) {
      assertThatThrownBy(e::execute).hasMessageContainingAll(messageParts);
    }
    assertUnchanged();
  }

  private Merge merge(List<Row> source) {
    return Merge.into(table).using(SOURCE, source);
  }

  private static List<Row> some() {
    return List.of(MergeBasicsTest.src(1, 2, 5, "U"), MergeBasicsTest.src(99, 1, 5, "U"));
  }

  @Test
  void unknownColumnInOnConditionOrSet() {
    fails(() -> merge(some()).on("t.id = s.idd").whenMatched().updateAll().execute(), ExpressionException.class,
        "idd");
    fails(() -> merge(some()).on("t.id = s.id").whenMatched().update(Map.of("amout", "s.amount")).execute(),
        MergeException.class, "amout", "did you mean 'amount'");
    fails(() -> merge(some()).on("t.id = s.id").whenMatched().update(Map.of("amount", "s.amont")).execute(),
        ExpressionException.class, "amont");
  }

  @Test
  void ambiguousColumn() {
    assertThatThrownBy(() -> merge(some()).on("id = s.id").whenMatched().delete().execute())
        .isInstanceOfSatisfying(ExpressionException.class,
            e -> assertThat(e.kind()).isEqualTo(ExpressionException.Kind.AMBIGUOUS_COLUMN));
    assertUnchanged();
  }

  @Test
  void notMatchedClausesCannotReadTheTarget() {
    fails(() -> merge(some()).on("t.id = s.id").whenNotMatched("t.amount > 0").insertAll().execute(),
        ExpressionException.class, "t.amount");
  }

  @Test
  void typeMismatch() {
    fails(() -> merge(some()).on("t.id = s.note").whenMatched().delete().execute(), ExpressionException.class);
    fails(() -> merge(some()).on("t.id = s.id").whenMatched().update(Map.of("date", "s.amount")).execute(),
        ExpressionException.class, "date");
  }

  @Test
  void insertStarWithASourceMissingTargetColumns() {
    StructType narrow = SchemaDdl.parse("id long, amount double");
    List<Row> rows = List.of(Row.of(narrow, 500L, 1.0));
    fails(() -> Merge.into(table).using(narrow, rows).on("t.id = s.id").whenNotMatched().insertAll().execute(),
        MergeException.class, "INSERT *", "date", "note", "withSchemaEvolution");
    // with evolution the missing columns are NULL
    Merge.into(table).using(narrow, rows).on("t.id = s.id").whenNotMatched().insertAll().withSchemaEvolution()
        .execute();
    assertThat(MergeBasicsTest.contents(table).get(500L)).isEqualTo("null/1.0/null");
  }

  @Test
  void aClauseWithoutConditionMustBeLastOfItsKind() {
    fails(() -> merge(some()).on("t.id = s.id").whenMatched().updateAll().whenMatched("s.op = 'D'").delete()
        .execute(), MergeException.class, "MATCHED THEN UPDATE SET *", "Only the last clause");
    fails(() -> MergeClause.parse("MATCHED THEN INSERT *"), MergeException.class, "MATCHED cannot INSERT");
    fails(() -> MergeClause.parse("MATCHED s.x = 1 THEN DELETE"), MergeException.class, "expected AND");
    fails(() -> MergeClause.parse("NOT MATCHED THEN INSERT (a, b) VALUES (1)"), MergeException.class,
        "2 columns but gives 1 values");
  }

  @Test
  void multipleMatchesNameTheKeyAndBothSourceRows() {
    List<Row> dup = List.of(MergeBasicsTest.src(7, 1, 1, "U"), MergeBasicsTest.src(3, 1, 1, "U"),
        MergeBasicsTest.src(3, 1, 2, "U"));
    assertThatThrownBy(() -> merge(dup).on("t.id = s.id").whenMatched("s.amount = 2").updateAll().execute())
        .isInstanceOfSatisfying(MultipleSourceRowsMatchedException.class, e -> {
          assertThat(e.key()).isEqualTo("t.id=3");
          assertThat(e.firstSourceRow()).isEqualTo(1);
          assertThat(e.secondSourceRow()).isEqualTo(2);
        });
    assertUnchanged();
    // the only exception: a single unconditional DELETE
    MergeResult r = merge(dup).on("t.id = s.id").whenMatched().delete().execute();
    assertThat(r.numTargetRowsDeleted()).isEqualTo(2);
    assertThat(MergeBasicsTest.contents(table)).doesNotContainKeys(3L, 7L);
  }

  @Test
  void aSourceIteratorThatThrowsHalfWay() {
    Iterator<Row> broken = new Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Row next() {
        if (i == 1500) {
          throw new UncheckedIOException(new IOException("connection reset"));
        }
        return MergeBasicsTest.src(i++ % 20, 1, 1, "U");
      }
    };
    assertThatThrownBy(() -> Merge.into(table).using(MergeSource.of(SOURCE, broken)).on("t.id = s.id")
        .whenNotMatched().insertAll().execute())
        .isInstanceOfSatisfying(MergeSourceException.class, e -> assertThat(e.sourceRow()).isEqualTo(1500))
        .hasMessageContaining("connection reset");
    assertUnchanged();
  }

  @Test
  void aBadRowWrittenLateLeavesNothingBehind() {
    // a NOT NULL target column: the failing row is an insert written after every touched file was rewritten
    Table strict = Table.create(dir.resolve("strict").toString()).schema(SchemaDdl.parse("id long not null, v int"))
        .property("delta.enableChangeDataFeed", "true").create();
    StructType src = SchemaDdl.parse("id long, v int");
    List<Row> base = new ArrayList<>();
    for (long i = 0; i < 100; i++) {
      base.add(Row.of(strict.snapshot().schema(), i, 1));
    }
    strict.newAppend().addRows(base).commit();
    List<String> before = dataFiles(dir.resolve("strict"));
    long strictVersion = strict.snapshot().version();
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < 100; i++) {
      rows.add(Row.of(src, i, 2));
    }
    rows.add(Row.of(src, null, 3));
    assertThatThrownBy(() -> Merge.into(strict).using(src, rows).on("t.id = s.id").whenMatched().updateAll()
        .whenNotMatched().insertAll().execute()).isInstanceOf(SchemaViolationException.class)
        .hasMessageContaining("id");
    assertThat(dataFiles(dir.resolve("strict"))).containsExactlyElementsOf(before);
    assertThat(Table.open(strict.location()).snapshot().version()).isEqualTo(strictVersion);
  }

  @Test
  void aSourceRowThatDoesNotFitTheSourceSchema() {
    StructType other = SchemaDdl.parse("id string, date date, amount double, note string, op string");
    Row bad = Row.of(other, "x", LocalDate.of(2025, 1, 1), 1.0, "n", "U");
    List<Row> rows = new ArrayList<>(some());
    rows.add(bad);
    assertThatThrownBy(() -> merge(rows).on("t.id = s.id").whenMatched().updateAll().execute())
        .isInstanceOfSatisfying(MergeSourceException.class, e -> assertThat(e.sourceRow()).isEqualTo(2));
    assertUnchanged();
  }

  @Test
  void memoryBudgetIsEnforcedWithATypedErrorWhenSpillingIsOff() {
    List<Row> many = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      many.add(MergeBasicsTest.src(i, 1, i, "U"));
    }
    fails(() -> merge(many).on("t.id = s.id").whenNotMatched().insertAll().memoryBudget(100_000).spillDirectory(null).execute(),
        MergeMemoryException.class, "memoryBudget", "100000");
  }

  @Test
  void aBadRowAfterTheSourceStartedSpillingLeavesNoSpillFileBehind(@TempDir Path spill) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      rows.add(MergeBasicsTest.src(i, 1 + i % 28, i, "U"));
    }
    StructType other = SchemaDdl.parse("id string, date date, amount double, note string, op string");
    rows.add(Row.of(other, "x", LocalDate.of(2025, 1, 1), 1.0, "n", "U"));
    assertThatThrownBy(() -> merge(rows).on("t.id = s.id").whenMatched().updateAll().whenNotMatched().insertAll()
        .memoryBudget(20_000).spillDirectory(spill).execute())
        .isInstanceOfSatisfying(MergeSourceException.class, e -> assertThat(e.sourceRow()).isEqualTo(3000));
    assertUnchanged();
    try (Stream<Path> left = Files.list(spill)) {
      assertThat(left.toList()).isEmpty();
    }
  }

  static List<String> dataFiles(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
          .filter(p -> !p.startsWith("_delta_log")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
