package io.tidelake.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.format.store.LocalObjectStore;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** readSparse skips all-null column chunks, and differs from read only where the javadoc says. */
class SparseReadTest {
  static final StructType SCHEMA = SchemaDdl.parse(
      "id long, s struct<x:long,y:long>, gone struct<p:string,q:long>, never long, l array<long>, m map<string,string>");

  @TempDir Path dir;

  @Test
  void allNullColumnsReadAsNullAndStructOfNullsBecomesNull() {
    LocalObjectStore store = new LocalObjectStore();
    List<Row> rows = List.of(
        Row.fromMap(SCHEMA, Map.of("id", 1L, "s", Map.of("x", 10L), "gone", Map.of(), "l", List.of(), "m", Map.of())),
        Row.fromMap(SCHEMA, Map.of("id", 2L, "s", Map.of("x", 20L))));
    String path;
    try (TableDataWriter w = new TableDataWriter(store, dir.toString(), SCHEMA, List.of(), WriteOptions.defaults())) {
      rows.forEach(w::write);
      path = dir.resolve(w.finish().get(0).relativePath()).toString();
    }
    List<Row> plain = DataFileReader.read(store, path, SCHEMA).toList();
    List<Row> sparse = DataFileReader.readSparse(store, path, SCHEMA).toList();

    // the normal read keeps the present-but-all-null struct of row 1; the sparse read turns it into null
    assertThat(plain.get(0).getStruct("gone")).isNotNull();
    assertThat(sparse.get(0).getStruct("gone")).isNull();
    // everything else is identical: partly null struct fields, never-set columns, empty vs null collections
    for (int i = 0; i < rows.size(); i++) {
      assertThat(sparse.get(i).getLong("id")).isEqualTo(plain.get(i).getLong("id"));
      assertThat(sparse.get(i).getStruct("s")).isEqualTo(plain.get(i).getStruct("s"));
      assertThat(sparse.get(i).getStruct("s").get("y")).isNull();
      assertThat(sparse.get(i).isNull("never")).isTrue();
      assertThat((Object) sparse.get(i).getList("l")).isEqualTo(plain.get(i).getList("l"));
      assertThat((Object) sparse.get(i).getMap("m")).isEqualTo(plain.get(i).getMap("m"));
    }
    assertThat(sparse.get(0).getList("l")).isEmpty(); // an empty list is not mistaken for null
    assertThat(sparse.get(1).getList("l")).isNull();
  }
}
