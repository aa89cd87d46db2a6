package io.tidelake.format.expr;

import static io.tidelake.format.expr.ExprFixtures.SCHEMA;
import static io.tidelake.format.expr.ExprFixtures.eval;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each built-in function against Spark's results (computed by hand from Spark's documented rules). */
class FunctionTest {

  @Test
  void stringFunctions() {
    assertThat(eval("lower(country)", "country", "DeUtsch")).isEqualTo("deutsch");
    assertThat(eval("upper(country)", "country", "straße")).isEqualTo("STRASSE");
    assertThat(eval("trim(country)", "country", "  a b \t ")).isEqualTo("a b \t"); // spaces only
    assertThat(eval("concat(country, '-', i)", "country", "x", "i", 7)).isEqualTo("x-7");
    assertThat(eval("concat(country, NULL)", "country", "x")).isNull();
    assertThat(eval("concat(country, '!')")).isNull();
    assertThat(eval("length(country)", "country", "añ😀")).isEqualTo(3);
    assertThat(eval("length(bin)", "bin", "añ".getBytes(StandardCharsets.UTF_8))).isEqualTo(3);
    assertThat(eval("lower(NULL)")).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "substring(country, 2)|park SQL",
      "substring(country, 1, 5)|Spark",
      "substring(country, 0, 5)|Spark",
      "substring(country, -3)|SQL",
      "substring(country, -3, 2)|SQ",
      "substring(country, 5, 0)|''",
      "substring(country, 5, -1)|''",
      "substring(country, 100)|''",
      "substring(country, -100, 3)|''",
      "substr(country, 7, 100)|SQL",
  })
  void substringIsOneBasedWithSparksEdgeCases(String text, String expected) {
    assertThat(eval(text, "country", "Spark SQL")).isEqualTo(expected);
  }

  @Test
  void substringCountsCharactersNotUtf16Units() {
    assertThat(eval("substring(country, 2, 1)", "country", "😀x")).isEqualTo("x");
  }

  @Test
  void numericFunctions() {
    assertThat(eval("abs(i)", "i", -3)).isEqualTo(3);
    assertThat(eval("abs(price)", "price", new BigDecimal("-1.50"))).isEqualTo(new BigDecimal("1.50"));
    assertThat(eval("abs(amount)", "amount", -0.5)).isEqualTo(0.5);
    assertThat(eval("round(amount)", "amount", 2.5)).isEqualTo(3.0);
    assertThat(eval("round(amount)", "amount", -2.5)).isEqualTo(-3.0);
    assertThat(eval("round(amount, 2)", "amount", 1.005)).isEqualTo(1.01); // HALF_UP on the decimal text
    assertThat(eval("round(price, 1)", "price", new BigDecimal("1.25"))).isEqualTo(new BigDecimal("1.3"));
    assertThat(eval("round(i, -1)", "i", 15)).isEqualTo(20);
    assertThat(eval("round(price, -2)", "price", new BigDecimal("1250.00"))).isEqualTo(new BigDecimal("1300"));
    assertThat(eval("round(price, 5)", "price", new BigDecimal("99999999.99"))).isEqualTo(new BigDecimal("99999999.99"));
    assertThat(eval("round(i, -1)", "i", -15)).isEqualTo(-20);
    assertThat(eval("floor(amount)", "amount", -1.5)).isEqualTo(-2L);
    assertThat(eval("ceil(amount)", "amount", 1.2)).isEqualTo(2L);
    assertThat(eval("ceiling(price)", "price", new BigDecimal("1.01"))).isEqualTo(new BigDecimal("2"));
    assertThat(eval("floor(i)", "i", 5)).isEqualTo(5L);
    assertThat(eval("round(NULL)")).isNull();
  }

  @Test
  void greatestAndLeastSkipNulls() {
    assertThat(eval("greatest(i, qty, 2)", "i", 1)).isEqualTo(2);
    assertThat(eval("least(i, qty, 2)", "i", 1)).isEqualTo(1);
    assertThat(eval("greatest(i, qty)")).isNull();
    assertThat(eval("greatest(i, amount)", "i", 3, "amount", 2.5)).isEqualTo(3.0);
    assertThat(eval("least(country, 'b')", "country", "a")).isEqualTo("a");
  }

  @Test
  void dateFunctions() {
    LocalDate d = LocalDate.of(2024, 2, 28);
    assertThat(eval("date_add(d, 2)", "d", d)).isEqualTo(LocalDate.of(2024, 3, 1));
    assertThat(eval("date_sub(d, 28)", "d", d)).isEqualTo(LocalDate.of(2024, 1, 31));
    assertThat(eval("date_add('2024-12-31', 1)")).isEqualTo(LocalDate.of(2025, 1, 1));
    assertThat(eval("datediff(d, '2024-01-01')", "d", d)).isEqualTo(58);
    assertThat(eval("datediff('2024-01-01', d)", "d", d)).isEqualTo(-58);
    assertThat(eval("year(d) * 100 + month(d)", "d", d)).isEqualTo(202402);
    assertThat(eval("day(d)", "d", d)).isEqualTo(28);
    Instant ts = Instant.parse("2025-05-17T13:45:10.123456Z");
    assertThat(eval("hour(ts)", "ts", ts)).isEqualTo(13);
    assertThat(eval("year(ts)", "ts", ts)).isEqualTo(2025);
    assertThat(eval("date_add(ts, 1)", "ts", ts)).isEqualTo(LocalDate.of(2025, 5, 18));
    assertThat(eval("date_add(d, NULL)", "d", d)).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "YEAR|2025-01-01T00:00:00Z",
      "yyyy|2025-01-01T00:00:00Z",
      "QUARTER|2025-04-01T00:00:00Z",
      "MONTH|2025-05-01T00:00:00Z",
      "WEEK|2025-05-12T00:00:00Z",
      "DAY|2025-05-17T00:00:00Z",
      "hour|2025-05-17T13:00:00Z",
      "MINUTE|2025-05-17T13:45:00Z",
      "SECOND|2025-05-17T13:45:10Z",
      "MILLISECOND|2025-05-17T13:45:10.123Z",
  })
  void dateTruncTruncatesInUtc(String unit, String expected) {
    Instant ts = Instant.parse("2025-05-17T13:45:10.123456Z"); // a Saturday
    assertThat(eval("date_trunc('" + unit + "', ts)", "ts", ts)).isEqualTo(Instant.parse(expected));
    LocalDateTime ntz = LocalDateTime.ofInstant(ts, ZoneOffset.UTC);
    assertThat(eval("date_trunc('" + unit + "', ntz)", "ntz", ntz))
        .isEqualTo(LocalDateTime.ofInstant(Instant.parse(expected), ZoneOffset.UTC));
  }

  @Test
  void currentDateAndTimestampAreNotDeterministic() {
    Expression e = Expressions.parse("current_date()", SCHEMA);
    assertThat(e.isDeterministic()).isFalse();
    assertThat(e.eval(ExprFixtures.row())).isEqualTo(LocalDate.now(ZoneOffset.UTC));
    assertThat(Expressions.parse("d < current_date", SCHEMA).isDeterministic()).isFalse();
    assertThat(Expressions.parse("ts <= current_timestamp()", SCHEMA).eval(ExprFixtures.row("ts", Instant.EPOCH)))
        .isEqualTo(true);
    assertThat(Expressions.parse("coalesce(i, 1) + abs(id)", SCHEMA).isDeterministic()).isTrue();
  }
}
