package io.tidelake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.GenericRow;
import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Exact renderings of the canonical row format (/work/shared/golden/README.md, "Canonical rows"). */
class CanonicalRowsTest {

  private static String one(String ddl, Object value) {
    StructType s = SchemaDdl.parse(ddl);
    // trusted: render must not rely on the builder having normalised the value (e.g. decimal scale)
    return CanonicalRows.render(GenericRow.trusted(s, new Object[] {value}));
  }

  @Test
  void floatsAndDoublesAsJavaToString() {
    assertThat(one("x double", 1.0)).isEqualTo("{\"x\":1.0}");
    assertThat(one("x double", 1.0E-5)).isEqualTo("{\"x\":1.0E-5}");
    assertThat(one("x double", 1.0E20)).isEqualTo("{\"x\":1.0E20}");
    assertThat(one("x double", Double.NaN)).isEqualTo("{\"x\":NaN}");
    assertThat(one("x double", Double.NEGATIVE_INFINITY)).isEqualTo("{\"x\":-Infinity}");
    assertThat(one("x double", -0.0)).isEqualTo("{\"x\":-0.0}");
    assertThat(one("x float", 0.1f)).isEqualTo("{\"x\":0.1}"); // Float.toString, not the widened double
    assertThat(one("x float", Float.POSITIVE_INFINITY)).isEqualTo("{\"x\":Infinity}");
  }

  @Test
  void integersBooleansAndNull() {
    assertThat(one("x byte", (byte) -128)).isEqualTo("{\"x\":-128}");
    assertThat(one("x short", (short) 32767)).isEqualTo("{\"x\":32767}");
    assertThat(one("x int", Integer.MIN_VALUE)).isEqualTo("{\"x\":-2147483648}");
    assertThat(one("x long", Long.MAX_VALUE)).isEqualTo("{\"x\":9223372036854775807}");
    assertThat(one("x boolean", false)).isEqualTo("{\"x\":false}");
    assertThat(one("x long", null)).isEqualTo("{\"x\":null}");
  }

  @Test
  void decimalsAtColumnScaleInPlainNotation() {
    assertThat(one("x decimal(10,2)", new BigDecimal("1E+3"))).isEqualTo("{\"x\":1000.00}");
    assertThat(one("x decimal(10,2)", new BigDecimal("-0.5"))).isEqualTo("{\"x\":-0.50}");
    assertThat(one("x decimal(38,0)", new BigDecimal("12345678901234567890123456789012345678")))
        .isEqualTo("{\"x\":12345678901234567890123456789012345678}");
    assertThat(one("x decimal(5,4)", new BigDecimal("0.0001"))).isEqualTo("{\"x\":0.0001}");
  }

  @Test
  void stringsAreJsonEscaped() {
    assertThat(one("x string", "a\"b\\c\nd\re\tf\u0001g\u001fh/\u00e9\u20ac"))
        .isEqualTo("{\"x\":\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001fh/\u00e9\u20ac\"}");
    assertThat(one("x string", "")).isEqualTo("{\"x\":\"\"}");
    // column names are escaped like strings
    StructType s = SchemaDdl.parse("`we\"ird` int");
    assertThat(CanonicalRows.render(Row.of(s, 1))).isEqualTo("{\"we\\\"ird\":1}");
  }

  @Test
  void binaryAsLowercaseHex() {
    assertThat(one("x binary", new byte[] {0, (byte) 0xAB, 0x7f, (byte) 0xff})).isEqualTo("{\"x\":0x00ab7fff}");
    assertThat(one("x binary", new byte[0])).isEqualTo("{\"x\":0x}");
  }

  @Test
  void datesAndTimestamps() {
    assertThat(one("x date", LocalDate.of(2024, 2, 29))).isEqualTo("{\"x\":\"2024-02-29\"}");
    assertThat(one("x date", LocalDate.of(1, 1, 1))).isEqualTo("{\"x\":\"0001-01-01\"}");
    assertThat(one("x timestamp", Instant.parse("2025-01-31T10:00:00Z")))
        .isEqualTo("{\"x\":\"2025-01-31T10:00:00.000000Z\"}");
    assertThat(one("x timestamp", Instant.parse("1969-12-31T23:59:59.999999Z")))
        .isEqualTo("{\"x\":\"1969-12-31T23:59:59.999999Z\"}");
    assertThat(one("x timestamp_ntz", LocalDateTime.of(2025, 1, 31, 10, 0, 0, 123_456_000)))
        .isEqualTo("{\"x\":\"2025-01-31T10:00:00.123456\"}");
  }

  @Test
  void mapsSortedByRenderedKeyAndNestedValues() {
    Map<Object, Object> m = new LinkedHashMap<>();
    m.put("b", 2);
    m.put("a\"", null);
    m.put("A", 1);
    assertThat(one("x map<string,int>", m)).isEqualTo("{\"x\":map{\"A\"=>1,\"a\\\"\"=>null,\"b\"=>2}}");
    Map<Object, Object> nums = new LinkedHashMap<>();
    nums.put(10, "ten");
    nums.put(9, "nine");
    assertThat(one("x map<int,string>", nums)).isEqualTo("{\"x\":map{10=>\"ten\",9=>\"nine\"}}"); // by text
    assertThat(one("x map<string,int>", Map.of())).isEqualTo("{\"x\":map{}}");

    StructType s = SchemaDdl.parse("id long, p struct<x:double, tags:array<string>, d:decimal(4,1)>, "
        + "l array<struct<k:int>>, n array<array<int>>");
    StructType p = (StructType) s.field("p").type();
    StructType k = SchemaDdl.parse("k int");
    Row r = Row.of(s, 7L, Row.of(p, 1.5, List.of("a", "b"), new BigDecimal("2")),
        List.of(Row.of(k, 1), Row.of(k, 2)), java.util.Arrays.asList(List.of(1), null, List.of()));
    assertThat(CanonicalRows.render(r)).isEqualTo(
        "{\"id\":7,\"p\":{\"x\":1.5,\"tags\":[\"a\",\"b\"],\"d\":2.0},\"l\":[{\"k\":1},{\"k\":2}],"
            + "\"n\":[[1],null,[]]}");
  }

  @Test
  void linesSortedByStringOrderAndHashed() {
    StructType s = SchemaDdl.parse("a int");
    List<String> lines = CanonicalRows.renderSorted(List.of(Row.of(s, 2), Row.of(s, 10), Row.of(s, 1)).iterator());
    assertThat(lines).containsExactly("{\"a\":10}", "{\"a\":1}", "{\"a\":2}"); // '0' (0x30) < '}' (0x7d)
    assertThat(CanonicalRows.sha256(List.of("{\"a\":1}", "{\"a\":2}")))
        .isEqualTo("e91bd3062f38c3f1df2165d987872b022fb39a08c642a6fbc3b862dd2a2aaf24");
    assertThat(CanonicalRows.sha256(List.of()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }
}
