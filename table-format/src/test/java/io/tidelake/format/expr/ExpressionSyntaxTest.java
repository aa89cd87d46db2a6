package io.tidelake.format.expr;

import static io.tidelake.format.expr.ExprFixtures.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.predicate.PredicateException;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing and canonical rendering: toSql parses back to an equal expression. */
class ExpressionSyntaxTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "amount * 1.1 > 100",
      "a_plus",
      "i + 1",
      "i - -1",
      "-(-i)",
      "-(i + 1) * 2",
      "(i + 1) * (qty - 2)",
      "i - (qty - 2)",
      "i / qty % 3",
      "i * (qty / 2)",
      "amount = i + 1 AND (flag OR i < 2)",
      "(i = 1 OR qty = 2) OR i = 3",
      "i = 1 AND (qty = 2 AND i = 3)",
      "NOT (i = 1 AND qty = 2)",
      "(i = 1) = (qty = 2)",
      "i <=> NULL",
      "i IN (1, qty, i + 1)",
      "i NOT BETWEEN qty - 1 AND qty + 1",
      "lower(country) NOT LIKE 'a\\_%'",
      "country IS NOT NULL AND (i + 1) IS NULL",
      "CASE WHEN i > 1 THEN 'a' WHEN i IS NULL THEN NULL ELSE 'c' END",
      "CASE country WHEN 'DE' THEN 1 ELSE 0 END + 1",
      "CAST(country AS decimal(12,3))",
      "CAST(i AS long) + 1 > 0 AND CAST('2025-01-01' AS date) IS NULL",
      "coalesce(i, qty, 0)",
      "concat(country, '''', 'x')",
      "substring(country, 1, 2) = 'ab'",
      "round(price, 1) + floor(amount) - ceil(amount)",
      "greatest(i, 1) - least(qty, 2)",
      "date_trunc('MONTH', ts) < TIMESTAMP '2025-01-01T00:00:00Z'",
      "datediff(d, DATE '2025-01-01') > year(d) - month(d) + day(d) + hour(ts)",
      "date_add(d, 1) = date_sub(d, -1)",
      "current_date() > d AND current_timestamp() > ts",
      "addr.city = 'B' AND addr.zip > 1",
      "bin = X'CAFE'",
      "ntz = TIMESTAMP_NTZ '2025-01-01T10:00'",
      "abs(-9223372036854775808) IS NULL",
      "length(trim(upper(country)))",
  })
  void rendersCanonicallyAndParsesBackEqual(String text) {
    StructType schema = SCHEMA.add(new io.tidelake.format.types.StructField("a_plus", io.tidelake.format.types.PrimitiveType.LONG));
    Expression e = Expressions.parse(text, schema);
    Expression again = Expressions.parse(e.toSql(), schema);
    assertThat(again).isEqualTo(e);
    assertThat(again.toSql()).isEqualTo(e.toSql());
    assertThat(again.hashCode()).isEqualTo(e.hashCode());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "i+1*2|i + 1 * 2",
      "(i+1)*2|(i + 1) * 2",
      "((i))|i",
      "i == 1|i = 1",
      "i <> 1|i != 1",
      "+i|i",
      "- 5|-5",
      "-(5)|-(5)",
      "- - i|-(-i)",
      "case when flag then 1 end|CASE WHEN flag THEN 1 END",
      "cast(i as bigint)|CAST(i AS long)",
      "cast(i as int)|CAST(i AS integer)",
      "LOWER(country)|lower(country)",
      "not flag|NOT flag",
      "i   between 1 and 2|i BETWEEN 1 AND 2",
      "date '2025-01-01'|DATE '2025-01-01'",
      "1e3|1E+3",
  })
  void canonicalText(String text, String expected) {
    assertThat(Expressions.parse(text, SCHEMA).toSql()).isEqualTo(expected);
  }

  @Test
  void equalityIgnoresSpacingButNotMeaning() {
    assertThat(Expressions.parse("i+1", SCHEMA)).isEqualTo(Expressions.parse(" i  +  1 ", SCHEMA));
    assertThat(Expressions.parse("i + 1", SCHEMA)).isNotEqualTo(Expressions.parse("1 + i", SCHEMA));
    StructType other = SchemaDdl.parse("x long, i int");
    assertThat(Expressions.parse("i + 1", SCHEMA)).isNotEqualTo(Expressions.parse("i + 1", other));
  }

  @Test
  void referencedColumnsInOrderOfFirstMention() {
    assertThat(Expressions.parse("qty * i + coalesce(I, id)", SCHEMA).referencedColumns())
        .containsExactly("qty", "i", "id");
    assertThat(Expressions.parse("1 + 2", SCHEMA).referencedColumns()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "i +|3|Expected a column or a value but found the end of the expression",
      "i + * 2|4|Expected a column or a value but found '*'",
      "(i + 1|6|Expected ')' to close the '(' at character 1",
      "i 2|2|Expected an operator or the end of the expression but found '2'",
      "CASE i THEN 1 END|7|Expected WHEN in CASE",
      "CASE WHEN i THEN 1|18|Expected WHEN, ELSE or END in CASE",
      "CASE WHEN i 1 END|12|Expected THEN after the WHEN condition",
      "CAST(i long)|7|Expected AS and a type in CAST",
      "CAST(i AS text)|10|Unknown type 'text'",
      "CAST(i AS decimal(50,2))|10|Invalid decimal(50,2)",
      "lower(i,|8|Expected a column or a value",
      "i = = 1|4|Expected a column or a value but found '='",
      "i ! 1|2|did you mean '!='",
  })
  void syntaxErrorsPointAtTheSpot(String text, int position, String message) {
    assertThatThrownBy(() -> Expressions.parse(text, SCHEMA))
        .isInstanceOfSatisfying(PredicateException.class, e -> {
          assertThat(e.position()).isEqualTo(position);
          assertThat(e.getMessage()).contains(message).contains("(at character " + (position + 1) + ")");
        });
  }

  @Test
  void emptyAndDeeplyNestedTextIsRefused() {
    assertThatThrownBy(() -> Expressions.parse(" ", SCHEMA)).hasMessageContaining("Empty expression");
    String deep = "(".repeat(1000) + "i" + ")".repeat(1000);
    assertThatThrownBy(() -> Expressions.parse(deep, SCHEMA)).hasMessageContaining("nested more than");
    String minus = "-".repeat(1000) + "i";
    assertThatThrownBy(() -> Expressions.parse(minus, SCHEMA)).hasMessageContaining("nested more than");
  }
}
