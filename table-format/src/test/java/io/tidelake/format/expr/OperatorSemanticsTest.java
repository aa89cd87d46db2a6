package io.tidelake.format.expr;

import static io.tidelake.format.expr.ExprFixtures.SCHEMA;
import static io.tidelake.format.expr.ExprFixtures.eval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.PrimitiveType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Operators against results computed by hand with Spark SQL's (ANSI) rules. */
class OperatorSemanticsTest {

  private static String type(String text) {
    return Expressions.parse(text, SCHEMA).type().simpleString();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1 + 1|integer",
      "i + 1|integer",
      "id + 1|long",
      "i + id|long",
      "b + b|byte",
      "s * b|short",
      "i / 2|double",
      "id % 3|long",
      "amount + 1|double",
      "f + 1|float",
      "f + amount|double",
      "price + 1|decimal(11,2)",
      "price * price|decimal(21,4)",
      "price / 3|decimal(14,6)",
      "price + 1.5|decimal(11,2)",
      "price + amount|double",
      "1.5|decimal(2,1)",
      "0.05|decimal(2,2)",
      "1e3|double",
      "3000000000|long",
      "-i|integer",
      "i = id|boolean",
      "CASE WHEN flag THEN i ELSE id END|long",
      "CASE WHEN flag THEN 1 ELSE 2.5 END|decimal(11,1)",
      "coalesce(i, amount)|double",
      "CAST(i AS decimal(5,1))|decimal(5,1)",
      "abs(price)|decimal(10,2)",
      "round(price, 1)|decimal(10,1)",
      "round(price, 5)|decimal(11,2)",
      "round(price, -2)|decimal(9,0)",
      "round(amount)|double",
      "floor(amount)|long",
      "ceil(price)|decimal(9,0)",
      "length(country)|integer",
      "date_trunc('DAY', d)|timestamp",
      "date_trunc('DAY', ntz)|timestamp_ntz",
      "greatest(i, id, 2)|long",
  })
  void resultTypesFollowSpark(String text, String expected) {
    assertThat(type(text)).isEqualTo(expected);
  }

  @Test
  void arithmeticValuesHaveTheResultTypesJavaClass() {
    assertThat(eval("i + 1", "i", 41)).isEqualTo(42);
    assertThat(eval("id - 50", "id", 8L)).isEqualTo(-42L);
    assertThat(eval("b + b", "b", (byte) 20)).isEqualTo((byte) 40);
    assertThat(eval("i * 2.5", "i", 3)).isEqualTo(new BigDecimal("7.5"));
    assertThat(eval("amount * 2", "amount", 1.25)).isEqualTo(2.5);
    assertThat(eval("f + 1", "f", 0.5f)).isEqualTo(1.5f);
    assertThat(eval("price + 1", "price", new BigDecimal("2.50"))).isEqualTo(new BigDecimal("3.50"));
  }

  @Test
  void divisionIsAlwaysFractional() {
    assertThat(eval("i / 2", "i", 7)).isEqualTo(3.5);
    assertThat(eval("7 / 2")).isEqualTo(3.5);
    assertThat(eval("price / 3", "price", new BigDecimal("1.00"))).isEqualTo(new BigDecimal("0.333333"));
    assertThat(eval("price / 8", "price", new BigDecimal("1.00"))).isEqualTo(new BigDecimal("0.125000"));
  }

  @Test
  void remainderKeepsTheDividendsSign() {
    assertThat(eval("i % 3", "i", -7)).isEqualTo(-1);
    assertThat(eval("i % -3", "i", 7)).isEqualTo(1);
    assertThat(eval("amount % 2", "amount", -5.5)).isEqualTo(-1.5);
    assertThat(eval("price % 1", "price", new BigDecimal("-2.75"))).isEqualTo(new BigDecimal("-0.75"));
  }

  @Test
  void precedenceIsSparks() {
    assertThat(eval("1 + 2 * 3")).isEqualTo(7);
    assertThat(eval("(1 + 2) * 3")).isEqualTo(9);
    assertThat(eval("10 - 4 - 3")).isEqualTo(3);
    assertThat(eval("-i * 2", "i", 3)).isEqualTo(-6);
    assertThat(eval("- -i", "i", 3)).isEqualTo(3);
    assertThat(eval("1 + 1 = 2 AND NOT 2 > 3 OR FALSE")).isEqualTo(true);
  }

  @Test
  void nullPropagatesThroughArithmeticAndComparison() {
    assertThat(eval("i + 1")).isNull();
    assertThat(eval("i + NULL", "i", 1)).isNull();
    assertThat(eval("NULL * 2")).isNull();
    assertThat(eval("i / 0")).isNull(); // NULL dividend: no division happens
    assertThat(eval("i = 1")).isNull();
    assertThat(eval("-i")).isNull();
    assertThat(eval("i > id", "i", 1)).isNull();
  }

  @Test
  void divisionByZeroIsAnError() {
    assertThatThrownBy(() -> eval("amount / qty", "amount", 5.0, "qty", 0))
        .isInstanceOfSatisfying(ExpressionEvaluationException.class, e -> {
          assertThat(e.errorClass()).isEqualTo("DIVIDE_BY_ZERO");
          assertThat(e.expression()).isEqualTo("amount / qty");
          assertThat(e.getMessage()).contains("amount = 5.0").contains("qty = 0").contains("amount / qty");
        });
    assertThatThrownBy(() -> eval("i % 0", "i", 1))
        .isInstanceOfSatisfying(ExpressionEvaluationException.class,
            e -> assertThat(e.errorClass()).isEqualTo("DIVIDE_BY_ZERO"));
    assertThatThrownBy(() -> eval("price / 0", "price", BigDecimal.ONE))
        .isInstanceOf(ExpressionEvaluationException.class).hasMessageContaining("DIVIDE_BY_ZERO");
    assertThatThrownBy(() -> eval("amount / 0.0", "amount", 1.0)).hasMessageContaining("DIVIDE_BY_ZERO");
  }

  @Test
  void integerOverflowIsAnErrorNotAWrap() {
    assertThatThrownBy(() -> eval("i + 1", "i", Integer.MAX_VALUE))
        .isInstanceOfSatisfying(ExpressionEvaluationException.class, e -> {
          assertThat(e.errorClass()).isEqualTo("ARITHMETIC_OVERFLOW");
          assertThat(e.getMessage()).contains("i = " + Integer.MAX_VALUE).contains("integer overflow");
        });
    assertThatThrownBy(() -> eval("id * 2", "id", Long.MAX_VALUE)).hasMessageContaining("ARITHMETIC_OVERFLOW");
    assertThatThrownBy(() -> eval("id - 1", "id", Long.MIN_VALUE)).hasMessageContaining("ARITHMETIC_OVERFLOW");
    assertThatThrownBy(() -> eval("b + b", "b", (byte) 100)).hasMessageContaining("ARITHMETIC_OVERFLOW");
    assertThatThrownBy(() -> eval("-i", "i", Integer.MIN_VALUE)).hasMessageContaining("ARITHMETIC_OVERFLOW");
    assertThatThrownBy(() -> eval("abs(id)", "id", Long.MIN_VALUE)).hasMessageContaining("ARITHMETIC_OVERFLOW");
    // int + long is computed in long: no overflow
    assertThat(eval("i + id", "i", Integer.MAX_VALUE, "id", 1L)).isEqualTo(2147483648L);
  }

  @Test
  void decimalOverflowIsAnError() {
    String big = "9".repeat(36) + ".99";
    assertThatThrownBy(() -> Expressions.parse("CAST('" + big + "' AS decimal(38,2)) * 10", SCHEMA).eval(ExprFixtures.row()))
        .hasMessageContaining("ARITHMETIC_OVERFLOW");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      "i = 1|true",
      "i == 1|true",
      "i != 1|false",
      "i <> 2|true",
      "i < 2|true",
      "i <= 1|true",
      "i > 1|false",
      "i >= 2|false",
      "i <=> 1|true",
      "id <=> 1|false",
      "id <=> NULL|true",
      "i <=> NULL|false",
      "NULL <=> NULL|true",
      "i = id|null",
      "i + 1 = 2|true",
      "i = 1.0|true",
      "amount = i|true",
      "i IN (3, 2, 1)|true",
      "i IN (3, NULL)|null",
      "i NOT IN (3, NULL)|null",
      "i NOT IN (3, 4)|true",
      "id IN (1, 2)|null",
      "i IN (0, i)|true",
      "i BETWEEN 0 AND 1|true",
      "i BETWEEN 2 AND NULL|false",
      "i BETWEEN 0 AND NULL|null",
      "i NOT BETWEEN 2 AND 3|true",
      "country LIKE 'a%'|true",
      "country LIKE '_b_'|true",
      "country NOT LIKE '%c'|false",
      "country LIKE 'A%'|false",
      "id IS NULL|true",
      "i IS NOT NULL|true",
      "(i + id) IS NULL|true",
      "flag AND id = 1|false",
      "NOT flag OR id = 1|true",
      "flag OR id = 1|null",
      "id = 1 AND FALSE|false",
      "id = 1 OR TRUE|true",
      "d = '2025-01-31'|true",
      "d < ts|true",
      "ts = TIMESTAMP '2025-02-01 10:00:00'|true",
      "d = DATE '2025-01-31'|true",
      "country = 'abc'|true",
      "country > 'abb'|true",
  })
  void comparisonsAndPredicates(String text, Boolean expected) {
    Object v = eval(text, "i", 1, "amount", 1.0, "country", "abc", "flag", false,
        "d", LocalDate.of(2025, 1, 31), "ts", Instant.parse("2025-02-01T10:00:00Z"));
    assertThat(v).isEqualTo(expected);
  }

  @Test
  void floatingPointComparesLikeSpark() {
    assertThat(eval("amount = CAST('NaN' AS double)", "amount", Double.NaN)).isEqualTo(true);
    assertThat(eval("amount > 1e308", "amount", Double.NaN)).isEqualTo(true);
    assertThat(eval("amount = 0", "amount", -0.0)).isEqualTo(true);
  }

  @Test
  void caseWhenPicksTheFirstTrueBranch() {
    String text = "CASE WHEN i > 10 THEN 'big' WHEN i > 0 THEN 'small' ELSE 'none' END";
    assertThat(eval(text, "i", 11)).isEqualTo("big");
    assertThat(eval(text, "i", 3)).isEqualTo("small");
    assertThat(eval(text, "i", -1)).isEqualTo("none");
    assertThat(eval(text)).isEqualTo("none"); // NULL condition is not TRUE
    assertThat(eval("CASE WHEN i > 10 THEN 1 END", "i", 3)).isNull();
    assertThat(eval("CASE WHEN flag THEN 1 ELSE 2.5 END", "flag", true)).isEqualTo(new BigDecimal("1.0"));
  }

  @Test
  void simpleCaseComparesWithTheOperand() {
    String text = "CASE country WHEN 'DE' THEN 1 WHEN 'FR' THEN 2 ELSE 0 END";
    assertThat(eval(text, "country", "FR")).isEqualTo(2);
    assertThat(eval(text, "country", "IT")).isEqualTo(0);
    assertThat(eval(text)).isEqualTo(0);
    assertThat(eval("CASE i WHEN 1 THEN 'one' WHEN NULL THEN 'null' END")).isNull();
    assertThat(eval("CASE id WHEN 1 THEN 'one' END", "id", 1L)).isEqualTo("one");
  }

  @Test
  void castsFollowAnsiRules() {
    assertThat(eval("CAST(amount AS int)", "amount", 2.9)).isEqualTo(2);
    assertThat(eval("CAST(amount AS int)", "amount", -2.9)).isEqualTo(-2);
    assertThat(eval("CAST(price AS long)", "price", new BigDecimal("7.99"))).isEqualTo(7L);
    assertThat(eval("CAST(amount AS decimal(5,1))", "amount", 2.25)).isEqualTo(new BigDecimal("2.3"));
    assertThat(eval("CAST(i AS string)", "i", 12)).isEqualTo("12");
    assertThat(eval("CAST(price AS string)", "price", new BigDecimal("1.50"))).isEqualTo("1.50");
    assertThat(eval("CAST(country AS int)", "country", " 42 ")).isEqualTo(42);
    assertThat(eval("CAST(country AS date)", "country", "2025-03-01")).isEqualTo(LocalDate.of(2025, 3, 1));
    assertThat(eval("CAST(country AS boolean)", "country", "yes")).isEqualTo(true);
    assertThat(eval("CAST(ts AS date)", "ts", Instant.parse("2025-03-01T23:59:59Z"))).isEqualTo(LocalDate.of(2025, 3, 1));
    assertThat(eval("CAST(d AS timestamp)", "d", LocalDate.of(2025, 3, 1))).isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
    assertThat(eval("CAST(ts AS string)", "ts", Instant.parse("2025-03-01T10:00:00.5Z"))).isEqualTo("2025-03-01 10:00:00.5");
    assertThat(eval("CAST(flag AS int)", "flag", true)).isEqualTo(1);
    assertThat(eval("CAST(NULL AS int)")).isNull();
    assertThat(eval("CAST(country AS int)")).isNull();
    assertThat(Expressions.parse("CAST(NULL AS decimal(5,2))", SCHEMA).type()).isEqualTo(new DecimalType(5, 2));
  }

  @Test
  void invalidCastsFailAtRunTimeWithTheirErrorClass() {
    assertThatThrownBy(() -> eval("CAST(country AS int)", "country", "abc"))
        .isInstanceOfSatisfying(ExpressionEvaluationException.class, e -> {
          assertThat(e.errorClass()).isEqualTo("CAST_INVALID_INPUT");
          assertThat(e.getMessage()).contains("country = 'abc'");
        });
    assertThatThrownBy(() -> eval("CAST(id AS int)", "id", 1L << 40))
        .isInstanceOfSatisfying(ExpressionEvaluationException.class,
            e -> assertThat(e.errorClass()).isEqualTo("CAST_OVERFLOW"));
    assertThatThrownBy(() -> eval("CAST(amount AS long)", "amount", Double.NaN)).hasMessageContaining("CAST_OVERFLOW");
  }

  @Test
  void coalesceReturnsTheFirstNonNull() {
    assertThat(eval("coalesce(i, qty, 7)", "qty", 3)).isEqualTo(3);
    assertThat(eval("coalesce(i, qty, 7)")).isEqualTo(7);
    assertThat(eval("coalesce(i, qty)")).isNull();
    assertThat(eval("coalesce(i, id)", "i", 1)).isEqualTo(1L);
    // lazily: the division is never evaluated
    assertThat(eval("coalesce(i, 1 / 0)", "i", 1)).isEqualTo(1.0);
  }

  @Test
  void nestedFieldsAreReadThroughNullStructs() {
    assertThat(eval("addr.zip + 1", "addr", java.util.Map.of("city", "B", "zip", 10115))).isEqualTo(10116);
    assertThat(eval("addr.zip + 1")).isNull();
    assertThat(Expressions.parse("upper(addr.city)", SCHEMA).referencedColumns()).containsExactly("addr");
  }

  @Test
  void typesAreJavaClassesOfTheRowContract() {
    assertThat(Expressions.parse("d", SCHEMA).type()).isEqualTo(PrimitiveType.DATE);
    assertThat(eval("ts", "ts", Instant.EPOCH)).isInstanceOf(Instant.class);
  }
}
