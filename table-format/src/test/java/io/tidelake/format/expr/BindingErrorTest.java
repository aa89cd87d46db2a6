package io.tidelake.format.expr;

import static io.tidelake.format.expr.ExprFixtures.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.expr.ExpressionException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Everything is checked when binding, before a row is read; errors name the expression and point at it. */
class BindingErrorTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "'x' + 1|4|TYPE_MISMATCH|Operator + needs numbers, got 'x' (string) in 'x' + 1",
      "amount = 'abc'|9|TYPE_MISMATCH|'abc' is not a valid double value",
      "d = '2025-13-01'|4|TYPE_MISMATCH|'2025-13-01' is not a valid date value",
      "country = 10|8|TYPE_MISMATCH|Cannot compare country (string) with 10 (integer) in country = 10: the types differ",
      "i + d > 1|2|TYPE_MISMATCH|use date_add, date_sub or datediff for dates",
      "flag AND i|9|TYPE_MISMATCH|AND needs boolean operands, got i (integer)",
      "NOT country|4|TYPE_MISMATCH|NOT needs boolean operands",
      "addr LIKE 'a%'|0|TYPE_MISMATCH|LIKE needs string, got addr (struct<city:string,zip:integer>)",
      "-country|0|TYPE_MISMATCH|Unary minus needs a number",
      "addr = addr|5|TYPE_MISMATCH|= cannot be applied to values of type struct<city:string,zip:integer>",
      "CASE WHEN i THEN 1 END|10|TYPE_MISMATCH|CASE WHEN needs boolean operands",
      "CASE WHEN flag THEN 1 ELSE 'x' END|27|TYPE_MISMATCH|'x' is not a valid integer value",
      "CASE WHEN flag THEN 1 ELSE d END|0|TYPE_MISMATCH|Cannot combine 1 (integer) with d (date)",
      "i IN (1, 'a')|9|TYPE_MISMATCH|'a' is not a valid integer value",
      "CAST(d AS int)|0|TYPE_MISMATCH|Cannot cast d (date) to integer",
      "CAST('abc' AS int)|0|TYPE_MISMATCH|The value 'abc' cannot be cast to integer",
      "lower(1, 2)|0|TYPE_MISMATCH|lower takes 1 argument, got 2",
      "substring(country)|0|TYPE_MISMATCH|substring takes 2 or 3 arguments, got 1",
      "abs(country)|4|TYPE_MISMATCH|abs needs a number, got country (string)",
      "round(amount, i)|14|TYPE_MISMATCH|round needs a whole number literal as its scale",
      "date_trunc('FORTNIGHT', ts)|11|TYPE_MISMATCH|Unknown date_trunc unit 'FORTNIGHT'",
      "date_add(d, 1.5)|12|TYPE_MISMATCH|date_add needs integer, got 1.5 (decimal(2,1))",
      "lowr(country)|0|UNKNOWN_FUNCTION|Unknown function lowr (did you mean 'lower'?)",
      "amount * 2 + amout|13|UNKNOWN_COLUMN|Unknown column 'amout' (did you mean 'amount'?); known columns: id, i, s",
      "addr.street|0|UNKNOWN_COLUMN|Unknown field 'street' in struct column addr; its fields: city, zip",
      "country.x|0|UNKNOWN_COLUMN|Column country is string, not a struct, so it has no field 'x'",
  })
  void errorsNameTheProblemAndItsPosition(String text, int position, Kind kind, String message) {
    assertThatThrownBy(() -> Expressions.parse(text, SCHEMA))
        .isInstanceOfSatisfying(ExpressionException.class, e -> {
          assertThat(e.kind()).isEqualTo(kind);
          assertThat(e.getMessage()).contains(message).contains("(at character " + (position + 1) + ")");
          assertThat(e.position()).isEqualTo(position);
          assertThat(e.getMessage().split("\n")[2]).isEqualTo("  " + " ".repeat(position) + "^");
        });
  }

  @Test
  void literalsThatFitAreConvertedWhenBinding() {
    assertThat(Expressions.parse("d >= '2025-01-01'", SCHEMA).eval(ExprFixtures.row("d", java.time.LocalDate.of(2025, 1, 1))))
        .isEqualTo(true);
    assertThat(Expressions.parse("amount = '1.5'", SCHEMA).eval(ExprFixtures.row("amount", 1.5))).isEqualTo(true);
    assertThat(Expressions.parse("'10' = i", SCHEMA).eval(ExprFixtures.row("i", 10))).isEqualTo(true);
  }

  @Test
  void conditionsMustBeBoolean() {
    assertThatThrownBy(() -> Expressions.parseCondition("i + 1", SCHEMA))
        .isInstanceOfSatisfying(ExpressionException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.TYPE_MISMATCH);
          assertThat(e.getMessage()).contains("condition must be boolean, got integer: i + 1");
        });
    assertThat(Expressions.parseCondition("flag", SCHEMA).type()).isEqualTo(io.tidelake.format.types.PrimitiveType.BOOLEAN);
  }
}
