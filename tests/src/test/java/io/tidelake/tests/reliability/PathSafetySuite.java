package io.tidelake.tests.reliability;

import static io.tidelake.tests.s3.TestData.SCHEMA;
import static io.tidelake.tests.s3.TestData.ids;
import static io.tidelake.tests.s3.TestData.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.TidelakeException;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.table.ConflictException;
import io.tidelake.table.OverwriteFiles;
import io.tidelake.table.Table;
import io.tidelake.table.UnsafePathException;
import io.tidelake.table.internal.log.LogPaths;
import io.tidelake.tests.reliability.FaultInjectingStore.Mutation;
import io.tidelake.tests.s3.Backend;
import io.tidelake.tests.s3.BackendSuite;
import io.tidelake.tests.s3.TestData;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A log can name any path; Tidelake must not let a crafted log make it read, write or delete outside
 * the table: {@code ../} paths, another bucket, an absolute URI elsewhere in the same store, and
 * dot-segments hidden inside an absolute URI are refused on read unless external paths are allowed,
 * and no operation ever writes or deletes outside the table root, allowed or not.
 */
public abstract class PathSafetySuite extends BackendSuite {
  static final String ALLOW = "tidelake.allowExternalPaths";

  ObjectStore store;
  String location;
  Table table;

  /** A location in the same store but outside any table, in the store's own form. */
  protected abstract String elsewhere(String name);

  /** How a log names that location: an absolute URI. */
  protected String asLogPath(String storeLocation) {
    return storeLocation;
  }

  /** An absolute location in another bucket or filesystem root. */
  protected abstract String foreign();

  @BeforeEach
  void tableWithTenRows() {
    store = backend.store();
    location = backend.newLocation();
    table = backend.create(location, SCHEMA).partitionBy("date").create();
    table.newAppend().addRows(rows(0, 10)).commit(); // v1
  }

  @AfterEach
  void clearAllowProperty() {
    System.clearProperty(ALLOW);
  }

  /** Commits v2 by hand: one add of {@code path} (a URI-encoded log path), 2 rows on 2025-01-01. */
  private void commitAddOf(String path, long size) {
    String add = "{\"add\":{\"path\":\"" + path + "\",\"partitionValues\":{\"date\":\"2025-01-01\"},\"size\":" + size
        + ",\"modificationTime\":1,\"dataChange\":true,\"stats\":\"{\\\"numRecords\\\":2}\"}}\n";
    assertThat(store.putIfAbsent(LogPaths.deltaFile(location, 2), add.getBytes(StandardCharsets.UTF_8))).isTrue();
  }

  private void assertRefusedNaming(String path, Class<? extends Throwable> type) {
    assertThatThrownBy(() -> ids(Table.open(store, location))).isInstanceOf(type).hasMessageContaining(path);
  }

  @Test
  void dotDotPathIsRefused() {
    commitAddOf("../other-table/part-0.parquet", 10);
    assertRefusedNaming("../other-table/part-0.parquet", UnsafePathException.class);
    commitAddOfNext("%2E%2E/other-table/part-0.parquet"); // percent-encoded dots decode to '..'
    assertThatThrownBy(() -> ids(Table.open(store, location))).isInstanceOf(UnsafePathException.class);
  }

  private void commitAddOfNext(String path) {
    store.delete(LogPaths.deltaFile(location, 2));
    commitAddOf(path, 10);
  }

  @Test
  void anotherBucketOrRootIsRefused() {
    commitAddOf(foreign(), 10);
    assertRefusedNaming(foreign(), UnsafePathException.class);
  }

  @Test
  void anAbsoluteUriElsewhereInTheSameStoreIsRefused() {
    commitAddOf(asLogPath(elsewhere("x.parquet")), 10);
    assertRefusedNaming(asLogPath(elsewhere("x.parquet")), UnsafePathException.class);
  }

  @Test
  void dotSegmentsInsideAnAbsoluteUriAreRefused() {
    String sneaky = asLogPath(location) + "/../" + "elsewhere-" + System.nanoTime() + "/x.parquet";
    commitAddOf(sneaky, 10);
    // refused by the path check (local: the URI is normalised) or by the store (S3 keys with '..')
    assertThatThrownBy(() -> ids(Table.open(store, location))).isInstanceOf(TidelakeException.class)
        .hasMessageContaining("..");
  }

  @Test
  void externalFilesAreReadOnlyWhenAllowedAndNeverDeleted() {
    // a real data file outside the table: a copy of one of its own files
    String own = TestData.referencedFiles(table).stream().filter(f -> f.startsWith("date=2025-01-01/"))
        .findFirst().orElseThrow();
    byte[] bytes = store.readAll(location + "/" + own);
    String external = elsewhere("shared/part-external.parquet");
    store.putIfAbsent(external, bytes);
    long ownRows = table.newScan().where("date = '2025-01-01'").count();
    commitAddOf(asLogPath(external), bytes.length);

    assertRefusedNaming(asLogPath(external), UnsafePathException.class);
    System.setProperty(ALLOW, "true");
    FaultInjectingStore recording = new FaultInjectingStore(store, 1);
    Table allowed = Table.open(recording, location);
    assertThat(allowed.newScan().where("date = '2025-01-01'").count()).isEqualTo(2 * ownRows);
    // replacing the partition removes the external file from the table, but must not delete it
    allowed.newOverwrite().replaceWhere("date = '2025-01-01'").addRows(TestData.rowsOnDate(500, 1,
        LocalDate.of(2025, 1, 1))).commit();
    allowed.newDelete().where("id = 1").commit();
    assertThat(store.stat(external)).as("the external file is untouched").isPresent();
    assertOnlyInsideTheTable(recording.mutations());
  }

  @Test
  void noOperationWritesOrDeletesOutsideTheTable() {
    FaultInjectingStore recording = new FaultInjectingStore(store, 1);
    Table t = Table.open(recording, location);
    for (int i = 0; i < 9; i++) {
      t.newAppend().addRows(rows(100 + i, 3)).commit(); // reaches v10: a checkpoint and its hint
    }
    t.newOverwrite().replaceWhere("date = '2025-01-02'").addRows(TestData.rowsOnDate(700, 2, LocalDate.of(2025, 1, 2)))
        .commit();
    t.newDelete().where("country = 'FR' AND amount > 3").commit(); // rewrites files
    OverwriteFiles loser = t.newOverwrite().addRows(rows(900, 2));
    Table.open(store, location).newAppend().addRows(rows(800, 1)).commit();
    assertThatThrownBy(loser::commit).isInstanceOf(ConflictException.class); // cleans up its own files
    assertThat(recording.mutations()).extracting(Mutation::op).contains(FaultInjectingStore.Op.CREATE,
        FaultInjectingStore.Op.PUT_IF_ABSENT, FaultInjectingStore.Op.PUT, FaultInjectingStore.Op.DELETE);
    assertOnlyInsideTheTable(recording.mutations());
  }

  private void assertOnlyInsideTheTable(List<Mutation> mutations) {
    assertThat(mutations).isNotEmpty().allSatisfy(m -> assertThat(m.path()).startsWith(location + "/"));
  }
}
