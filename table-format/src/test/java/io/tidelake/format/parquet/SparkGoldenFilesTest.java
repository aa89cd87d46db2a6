package io.tidelake.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.format.store.LocalObjectStore;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Files written by Spark for Delta's own tests (see golden-files/README.txt): other writers' files must read. */
class SparkGoldenFilesTest {
  private final LocalObjectStore store = new LocalObjectStore();

  private static String resource(String name) throws URISyntaxException {
    return Path.of(SparkGoldenFilesTest.class.getResource("/golden-files/" + name).toURI()).toString();
  }

  @Test
  void primitives() throws Exception {
    StructType schema = SchemaDdl.parse("as_int int, as_long long, as_byte byte, as_short short, as_boolean boolean,"
        + " as_float float, as_double double, as_string string, as_binary binary, as_big_decimal decimal(1,0)");
    List<Row> rows = DataFileReader.read(store, resource("spark-primitives.snappy.parquet"), schema).toList();
    assertThat(rows).hasSize(5);
    assertThat(rows.get(0)).isEqualTo(Row.of(schema, new Object[10])); // the all-null row
    Row r = rows.get(2);
    assertThat(r.getInt("as_int")).isEqualTo(1);
    assertThat(r.getLong("as_long")).isEqualTo(1L);
    assertThat(r.get("as_byte")).isEqualTo((byte) 1);
    assertThat(r.get("as_short")).isEqualTo((short) 1);
    assertThat(r.getBoolean("as_boolean")).isFalse();
    assertThat(r.getFloat("as_float")).isEqualTo(1.0f);
    assertThat(r.getDouble("as_double")).isEqualTo(1.0);
    assertThat(r.getString("as_string")).isEqualTo("1");
    assertThat(r.getBinary("as_binary")).containsExactly(1, 1);
    assertThat(r.getDecimal("as_big_decimal")).isEqualTo(new BigDecimal("1"));
    assertThat(rows.get(4).getBinary("as_binary")).containsExactly(3, 3);
    assertThat(DataFileReader.rowCount(store, resource("spark-primitives.snappy.parquet"))).isEqualTo(5);
  }

  @Test
  void mapsIncludingArraysOfStructsInside() throws Exception {
    StructType schema = SchemaDdl.parse("i int, a map<int,int>, b map<long,byte>, c map<short,boolean>,"
        + " d map<float,double>, e map<string,decimal(1,0)>, f map<int,array<struct<val:int>>>");
    List<Row> rows = DataFileReader.read(store, resource("spark-map.snappy.parquet"), schema).toList();
    assertThat(rows).hasSize(5);
    Row r = rows.get(3);
    assertThat(r.getInt("i")).isEqualTo(3);
    assertThat(r.<Object, Object>getMap("a")).isEqualTo(Map.of(3, 3));
    assertThat(r.<Object, Object>getMap("b")).isEqualTo(Map.of(3L, (byte) 3));
    assertThat(r.<Object, Object>getMap("c")).isEqualTo(Map.of((short) 3, false));
    assertThat(r.<Object, Object>getMap("d")).isEqualTo(Map.of(3.0f, 3.0));
    assertThat(r.<Object, Object>getMap("e")).isEqualTo(Map.of("3", new BigDecimal("3")));
    List<?> f = (List<?>) r.<Object, Object>getMap("f").get(3);
    StructType val = SchemaDdl.parse("val int");
    assertThat(f).hasSize(3).allSatisfy(e -> assertThat(e).isEqualTo(Row.of(val, 3)));

    // projection into a nested map value and of a single column
    StructType proj = SchemaDdl.parse("e map<string,decimal(3,1)>");
    assertThat(DataFileReader.read(store, resource("spark-map.snappy.parquet"), proj).toList().get(1).<Object, Object>getMap("e"))
        .isEqualTo(Map.of("1", new BigDecimal("1.0")));
  }
}
