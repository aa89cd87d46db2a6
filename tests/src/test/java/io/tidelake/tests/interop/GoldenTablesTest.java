package io.tidelake.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.cli.CanonicalRows;
import io.tidelake.format.CloseableIterator;
import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaJson;
import io.tidelake.table.InvalidTableException;
import io.tidelake.table.Snapshot;
import io.tidelake.table.Table;
import io.tidelake.table.UnsupportedFeatureException;
import io.tidelake.tests.interop.GoldenTables.Expectation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every golden table of expected.tsv (written by delta-spark, Delta Kernel and delta-rs) read by
 * Tidelake: version, live file counts (with and without deletion vectors), row count and the
 * canonical row hash Delta Kernel 4.4.0 computed. The two tables that must not load fail with a typed
 * error that says what is wrong.
 */
class GoldenTablesTest {

  @TestFactory
  Stream<DynamicTest> everyGoldenTableReadsAsDeltaKernelReadsIt() {
    List<Expectation> all = GoldenTables.expectations();
    assertThat(all).as("expected.tsv lines").hasSizeGreaterThanOrEqualTo(30);
    return all.stream().map(e -> DynamicTest.dynamicTest(e.toString() + " (" + e.what() + ")", () -> check(e)));
  }

  @Test
  void everyTableDirectoryIsCoveredByExpectedTsv() throws Exception {
    List<String> covered = GoldenTables.expectations().stream().map(Expectation::table).distinct().toList();
    try (Stream<Path> dirs = Files.list(GoldenTables.root())) {
      List<String> present = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList();
      assertThat(covered).containsExactlyInAnyOrderElementsOf(present);
    }
  }

  private static void check(Expectation e) {
    String location = GoldenTables.root().resolve(e.table()).toString();
    if (e.mustFail()) {
      checkFailure(e, location);
      return;
    }
    Table table = Table.open(location);
    Snapshot s = e.versionArg() == null ? table.snapshot() : table.snapshotAt(e.versionArg());
    assertThat(s.version()).as("version").isEqualTo(e.version());
    if (e.files() >= 0) {
      assertThat(s.numFiles()).as("live files").isEqualTo(e.files());
      long dvFiles = s.files().stream().filter(f -> f.deletionVector() != null).count();
      assertThat(dvFiles).as("live files with a deletion vector").isEqualTo(e.dvFiles());
    }
    if (e.schemaJson() != null) {
      assertThat(s.schema()).as("schema").isEqualTo(SchemaJson.parse(e.schemaJson()));
    }
    if (e.logOnly()) {
      // data files are not part of the test data: the log alone must still replay
      assertThat(s.files()).allSatisfy(f -> assertThat(f.path()).isNotEmpty());
      return;
    }
    List<String> lines;
    try (CloseableIterator<Row> rows = s.newScan().rows()) {
      lines = CanonicalRows.renderSorted(rows);
    }
    assertThat(lines).as("rows").hasSize((int) e.rows());
    if (e.sha256() != null) {
      assertThat(CanonicalRows.sha256(lines)).as("canonical row hash of " + e).isEqualTo(e.sha256());
    }
  }

  private static void checkFailure(Expectation e, String location) {
    switch (e.table()) {
      case "versions-not-contiguous" -> assertThatThrownBy(() -> Table.open(location).snapshot())
          .isInstanceOf(InvalidTableException.class)
          .hasMessageContaining("not contiguous")
          .hasMessageContaining(location);
      case "deltalog-invalid-protocol-version" -> assertThatThrownBy(() -> Table.open(location).snapshot())
          .isInstanceOf(UnsupportedFeatureException.class)
          .hasMessageContaining("reader version 99")
          .hasMessageContaining(location);
      default -> throw new AssertionError("expected.tsv says " + e.table() + " must fail, but this test "
          + "does not know which typed error to expect: add it here");
    }
  }
}
