package io.tidelake.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.format.dv.DeletedRows;
import io.tidelake.format.store.LocalObjectStore;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading chosen rows by index: every chosen row comes back with its right index and content, across
 * pages and with the last chosen row in a later page (where parquet-mr 1.16's synchronizing reader used
 * to hand out the next row of the current page instead).
 */
class RowSelectionTest {
  @TempDir Path dir;

  @Test
  void onlyChosenRows() {
    StructType schema = SchemaDdl.parse("id long not null, s string, v double");
    LocalObjectStore store = new LocalObjectStore();
    TableDataWriter w = new TableDataWriter(store, dir.toString(), schema, List.of(),
        WriteOptions.defaults().withPageSize(1024));
    for (long i = 0; i < 5000; i++) {
      w.write(Row.of(schema, i, "s" + (i % 7), i * 0.5));
    }
    DataFile f = w.finish().get(0);
    String path = dir.resolve(f.relativePath()).toString();
    List<String> seen = new ArrayList<>();
    for (long[] want : new long[][] {{5, 7, 2500, 4998}, {2500, 4998}, {2500, 2501, 4998}, {100, 300, 700, 1500}, {4998}}) {
      for (StructType proj : new StructType[] {schema, schema.select(List.of("id"))}) {
        PositionedRowIterator it = DataFileReader.readTableFileRows(store, path, schema, List.of(), Map.of(), proj,
            ColumnMappingMode.NAME, -1, DeletedRows.of(want).iterator());
        List<Long> chosen = new ArrayList<>();
        while (it.hasNext()) {
          Row r = it.next();
          seen.add(it.rowIndex() + "=" + r.getLong("id")); // every row returned is where it says it is
          if (java.util.Arrays.stream(want).anyMatch(x -> x == it.rowIndex())) {
            chosen.add(r.getLong("id"));
          }
        }
        assertThat(chosen).containsExactlyElementsOf(java.util.Arrays.stream(want).boxed().toList());
      }
    }
    assertThat(seen).allSatisfy(x -> assertThat(x.split("=")[0]).isEqualTo(x.split("=")[1].split("/")[0]));
  }

  /**
   * Many row groups and pages: random choices, often including the file's last row (a chosen row that was
   * the last of its row group once came back as a neighbour). Exactly the chosen rows come back.
   */
  @Test
  void chosenRowsAcrossRowGroups() {
    // nullable, repeated and nested columns: skipped rows walk their repetition and definition levels
    StructType schema = SchemaDdl.parse("id long not null, s string, tags array<string>, "
        + "p struct<a: int, b: array<struct<x: long>>>, m map<string, int>");
    StructType x = SchemaDdl.parse("x long");
    StructType pType = (StructType) schema.field("p").type();
    LocalObjectStore store = new LocalObjectStore();
    TableDataWriter w = new TableDataWriter(store, dir.toString(), schema, List.of(),
        WriteOptions.defaults().withPageSize(512).withRowGroupSize(8 * 1024));
    int n = 20_000;
    for (long i = 0; i < n; i++) {
      List<String> tags = i % 5 == 0 ? null : java.util.Collections.nCopies((int) (i % 4), "t" + i);
      Row p = i % 7 == 0 ? null : Row.of(pType, i % 3 == 0 ? null : (int) i,
          java.util.Collections.nCopies((int) (i % 3), Row.of(x, i)));
      Map<String, Integer> m = i % 6 == 0 ? null : Map.of("k" + i, (int) i);
      w.write(Row.of(schema, i, i % 11 == 0 ? null : "v" + (i * 7919 % 1000), tags, p, m));
    }
    DataFile f = w.finish().get(0);
    String path = dir.resolve(f.relativePath()).toString();
    java.util.Random random = new java.util.Random(42);
    for (int round = 0; round < 60; round++) {
      java.util.TreeSet<Long> want = new java.util.TreeSet<>();
      int k = 1 + random.nextInt(round < 20 ? 3 : 40);
      for (int j = 0; j < k; j++) {
        want.add((long) random.nextInt(n));
      }
      if (round % 3 == 0) {
        want.add((long) n - 1);
      }
      PositionedRowIterator it = DataFileReader.readTableFileRows(store, path, schema, List.of(), Map.of(), schema,
          ColumnMappingMode.NAME, -1, DeletedRows.of(want.stream().mapToLong(Long::longValue).toArray()).iterator());
      List<Long> chosen = new ArrayList<>();
      int returned = 0;
      while (it.hasNext()) {
        Row r = it.next();
        returned++;
        assertThat(r.getLong("id")).as("row at index %d", it.rowIndex()).isEqualTo(it.rowIndex());
        long i = it.rowIndex();
        assertThat(r.getString("s")).isEqualTo(i % 11 == 0 ? null : "v" + (i * 7919 % 1000));
        assertThat(r.getList("tags")).isEqualTo(i % 5 == 0 ? null : java.util.Collections.nCopies((int) (i % 4), "t" + i));
        assertThat(r.getStruct("p")).isEqualTo(i % 7 == 0 ? null : Row.of(pType, i % 3 == 0 ? null : (int) i,
            java.util.Collections.nCopies((int) (i % 3), Row.of(x, i))));
        assertThat(r.<String, Integer>getMap("m")).isEqualTo(i % 6 == 0 ? null : Map.of("k" + i, (int) i));
        if (want.contains(it.rowIndex())) {
          chosen.add(r.getLong("id"));
        }
      }
      assertThat(chosen).containsExactlyElementsOf(want);
      assertThat(returned).as("exactly the chosen rows come back").isEqualTo(want.size());
    }
  }
}
