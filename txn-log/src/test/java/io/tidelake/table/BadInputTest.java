package io.tidelake.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.GenericRow;
import io.tidelake.format.Row;
import io.tidelake.format.SchemaViolationException;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.internal.log.LogPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad rows and bad logs give typed errors that say what and where, and leave the table (and its
 * directory) exactly as it was.
 */
class BadInputTest {
  @TempDir Path dir;
  Table table;
  long version;
  List<String> files;

  @BeforeEach
  void setUp() {
    table = TestTables.create(dir);
    table.newAppend().addRows(TestTables.rows(0, 10)).commit();
    version = table.snapshot().version();
    files = TestTables.dataFiles(dir);
  }

  private void assertTableUnchanged() {
    assertThat(Table.open(dir.toString()).snapshot().version()).isEqualTo(version);
    assertThat(TestTables.dataFiles(dir)).containsExactlyElementsOf(files);
    assertThat(table.newScan().count()).isEqualTo(10);
  }

  /** 2,000 good rows (so files are already being written) and one bad row at position 1500. */
  private List<Row> goodRowsWithBadAt1500(Row bad) {
    List<Row> rows = new ArrayList<>(TestTables.rows(100, 2000));
    rows.set(1500, bad);
    return rows;
  }

  @Test
  void wrongTypedValue() {
    StructType userSchema = SchemaDdl.parse("id long, date date, country string, amount string");
    Row bad = new GenericRow(userSchema, new Object[] {1L, LocalDate.of(2025, 1, 1), "DE", "12.5"}, false);
    assertThatThrownBy(() -> table.newAppend().addRows(goodRowsWithBadAt1500(bad)).commit())
        .isInstanceOfSatisfying(SchemaViolationException.class, e -> {
          assertThat(e.column()).isEqualTo("amount");
          assertThat(e.rowIndex()).isEqualTo(1500);
          assertThat(e.getMessage()).contains("amount").contains("row 1500").contains("double").contains("String");
        });
    assertTableUnchanged();
  }

  @Test
  void nullInNonNullColumn() {
    Row bad = Row.fromMap(TestTables.SCHEMA, Map.of("date", LocalDate.of(2025, 1, 1), "country", "DE"));
    assertThatThrownBy(() -> table.newAppend().addRows(goodRowsWithBadAt1500(bad)).commit())
        .isInstanceOfSatisfying(SchemaViolationException.class, e -> {
          assertThat(e.column()).isEqualTo("id");
          assertThat(e.rowIndex()).isEqualTo(1500);
          assertThat(e.getMessage()).contains("NOT NULL");
        });
    assertTableUnchanged();
  }

  @Test
  void unknownColumn() {
    StructType userSchema = SchemaDdl.parse("id long, date date, colour string");
    Row bad = new GenericRow(userSchema, new Object[] {1L, LocalDate.of(2025, 1, 1), "red"}, false);
    assertThatThrownBy(() -> table.newAppend().addRows(goodRowsWithBadAt1500(bad)).commit())
        .isInstanceOfSatisfying(SchemaViolationException.class, e -> {
          assertThat(e.column()).isEqualTo("colour");
          assertThat(e.rowIndex()).isEqualTo(1500);
          assertThat(e.getMessage()).contains("unknown column");
        });
    assertTableUnchanged();
  }

  /** 2,000 good rows, but the input breaks before row 1500 (as a corrupt input file would). */
  private static java.util.Iterator<Row> inputBreakingAt1500() {
    java.util.Iterator<Row> good = TestTables.rows(100, 2000).iterator();
    return new java.util.Iterator<>() {
      int n;

      @Override
      public boolean hasNext() {
        return good.hasNext();
      }

      @Override
      public Row next() {
        if (n++ == 1500) {
          throw new IllegalStateException("input file broken at line 1501");
        }
        return good.next();
      }
    };
  }

  @Test
  void failingInputIteratorLeavesNoFiles() {
    assertThatThrownBy(() -> table.newAppend().addRows(inputBreakingAt1500())).hasMessageContaining("line 1501");
    assertThatThrownBy(() -> table.newOverwrite().addRows(inputBreakingAt1500())).hasMessageContaining("line 1501");
    assertTableUnchanged();
  }

  @Test
  void builderRefusesWrongTypeAtOnce() {
    assertThatThrownBy(() -> Row.builder(TestTables.SCHEMA).set("date", "2025-01-01"))
        .isInstanceOf(SchemaViolationException.class).hasMessageContaining("date");
  }

  @Test
  void versionGapIsAnInvalidTable() throws IOException {
    table.newAppend().addRows(TestTables.rows(20, 1)).commit();
    table.newAppend().addRows(TestTables.rows(30, 1)).commit();
    Files.delete(dir.resolve("_delta_log").resolve(LogPaths.deltaFileName(2)));
    assertThatThrownBy(() -> Table.open(dir.toString()))
        .isInstanceOf(InvalidTableException.class)
        .hasMessageContaining(LogPaths.deltaFileName(2))
        .hasMessageContaining("not contiguous");
  }

  @Test
  void unknownReaderFeatureIsRefusedForReadingAndWriting() throws IOException {
    writeCommit(2, "{\"protocol\":{\"minReaderVersion\":3,\"minWriterVersion\":7,"
        + "\"readerFeatures\":[\"futureMagic\"],\"writerFeatures\":[\"futureMagic\"]}}");
    assertThatThrownBy(() -> Table.open(dir.toString()))
        .isInstanceOfSatisfying(UnsupportedFeatureException.class, e -> assertThat(e.feature()).isEqualTo("futureMagic"))
        .hasMessageContaining("futureMagic");
  }

  @Test
  void unknownWriterFeatureIsRefusedForWritingOnly() throws IOException {
    writeCommit(2, "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":7,\"writerFeatures\":[\"futureWriterThing\"]}}");
    Table t = Table.open(dir.toString());
    assertThat(t.newScan().count()).isEqualTo(10); // reading is fine
    assertThatThrownBy(() -> t.newAppend().addRows(TestTables.rows(50, 1)).commit())
        .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("futureWriterThing");
    assertThatThrownBy(t::checkpoint).isInstanceOf(UnsupportedFeatureException.class);
    assertThat(dir.resolve("_delta_log").resolve(LogPaths.classicCheckpointName(2))).doesNotExist();
    assertThat(TestTables.dataFiles(dir)).containsExactlyElementsOf(files);
  }

  @Test
  void readerVersionTooHigh() throws IOException {
    writeCommit(2, "{\"protocol\":{\"minReaderVersion\":99,\"minWriterVersion\":99}}");
    assertThatThrownBy(() -> Table.open(dir.toString()))
        .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("reader version 99");
  }

  @Test
  void garbageCommitNamesFileAndLine() throws IOException {
    writeCommit(2, "{\"commitInfo\":{}}\n{\"add\":{\"path\":\"x.parquet\",");
    assertThatThrownBy(() -> Table.open(dir.toString()))
        .isInstanceOfSatisfying(CorruptLogException.class, e -> {
          assertThat(e.getFile()).isEqualTo("_delta_log/" + LogPaths.deltaFileName(2));
          assertThat(e.getLine()).isEqualTo(2);
        });
  }

  @Test
  void pathEscapingTheTableRootIsRefused() throws IOException {
    writeCommit(2, "{\"add\":{\"path\":\"../outside.parquet\",\"partitionValues\":{\"date\":\"2025-01-01\"},"
        + "\"size\":1,\"modificationTime\":1,\"dataChange\":true}}");
    assertThatThrownBy(() -> Table.open(dir.toString()).newScan().count())
        .isInstanceOf(UnsafePathException.class).hasMessageContaining("../outside.parquet");
    writeCommit(3, "{\"remove\":{\"path\":\"../outside.parquet\",\"dataChange\":true}}\n"
        + "{\"add\":{\"path\":\"file:/etc/passwd\",\"partitionValues\":{\"date\":\"2025-01-01\"},"
        + "\"size\":1,\"modificationTime\":1,\"dataChange\":true}}");
    assertThatThrownBy(() -> Table.open(dir.toString()).newScan().count())
        .isInstanceOf(UnsafePathException.class).hasMessageContaining("/etc/passwd");
  }

  @Test
  void missingDataFileIsATypedErrorNamingIt() throws IOException {
    String victim = files.get(0);
    Files.delete(dir.resolve(victim));
    assertThatThrownBy(() -> Table.open(dir.toString()).newScan().count())
        .isInstanceOfSatisfying(MissingDataFileException.class, e -> assertThat(e.path()).endsWith(victim))
        .hasMessageContaining("does not exist");
  }

  @Test
  void schemeLessAbsolutePathsAreAbsolute() throws IOException {
    String inside = files.get(0);
    String abs = dir.toAbsolutePath().normalize().resolve(inside).toString().replace(" ", "%20");
    // the same file once more under its absolute path (a re-add of it as another key would double rows,
    // so first remove it under its relative name)
    String rel = table.snapshot().files().stream().filter(f -> DataPathsTestAccess.decoded(f.path()).equals(inside))
        .findFirst().orElseThrow().path();
    writeCommit(2, "{\"remove\":{\"path\":\"" + rel + "\",\"dataChange\":true}}\n{\"add\":{\"path\":\"" + abs
        + "\",\"partitionValues\":{\"date\":\"" + inside.substring(5, 15) + "\"},\"size\":"
        + Files.size(dir.resolve(inside)) + ","
        + "\"modificationTime\":1,\"dataChange\":true}}");
    assertThat(Table.open(dir.toString()).newScan().count()).isEqualTo(10);
    writeCommit(3, "{\"add\":{\"path\":\"/etc/hosts\",\"partitionValues\":{\"date\":null},"
        + "\"size\":1,\"modificationTime\":1,\"dataChange\":true}}");
    assertThatThrownBy(() -> Table.open(dir.toString()).newScan().count()).isInstanceOf(UnsafePathException.class);
  }

  @Test
  void failedDeleteLeavesNoNewFiles() throws IOException {
    table.newAppend().addRows(TestTables.rows(100, 10)).commit();
    List<String> before = TestTables.dataFiles(dir);
    Files.write(dir.resolve(before.get(before.size() - 1)), "not parquet".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThatThrownBy(() -> table.newDelete().where("amount > 1").commit())
        .isInstanceOf(io.tidelake.format.TidelakeException.class);
    assertThatThrownBy(() -> table.newOverwrite().replaceWhere("amount > 1").addRows(TestTables.rows(900, 0)).commit())
        .isInstanceOf(io.tidelake.format.TidelakeException.class);
    assertThat(TestTables.dataFiles(dir)).containsExactlyElementsOf(before);
  }

  @Test
  void dotSegmentsInAbsoluteUrisAreRefused() throws IOException {
    writeCommit(2, "{\"add\":{\"path\":\"s3://bucket/t/../other/x.parquet\",\"partitionValues\":{\"date\":null},"
        + "\"size\":1,\"modificationTime\":1,\"dataChange\":true}}");
    assertThatThrownBy(() -> Table.open(dir.toString()).newScan().count())
        .isInstanceOf(UnsafePathException.class);
  }

  @Test
  void appendOnlyTableRefusesDeletes() {
    Table t = Table.create(dir.resolve("ao").toString()).schema(TestTables.SCHEMA).property("delta.appendOnly", "true").create();
    t.newAppend().addRows(TestTables.rows(0, 3)).commit();
    assertThatThrownBy(() -> t.newDelete().where("id = 1").commit())
        .isInstanceOf(AppendOnlyViolationException.class).hasMessageContaining("delta.appendOnly");
    assertThat(t.newScan().count()).isEqualTo(3);
  }

  @Test
  void invalidTableProperty() {
    assertThatThrownBy(() -> Table.create(dir.resolve("p").toString()).schema(TestTables.SCHEMA)
        .property("delta.checkpointInterval", "ten").create())
        .hasMessageContaining("delta.checkpointInterval");
    assertThat(Files.exists(dir.resolve("p").resolve("_delta_log"))).isFalse();
  }

  private void writeCommit(long v, String content) throws IOException {
    Files.writeString(dir.resolve("_delta_log").resolve(LogPaths.deltaFileName(v)), content + "\n");
  }
}
