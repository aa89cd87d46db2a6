package io.tidelake.format.predicate;

import static io.tidelake.format.predicate.TestSchemas.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.TidelakeException;
import io.tidelake.format.types.PrimitiveType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PredicateBindingTest {

  private static Literal literal(String text) {
    return ((Predicate.Comparison) Predicates.parse(text, SCHEMA)).value();
  }

  @Test
  void literalsTakeTheColumnType() {
    assertThat(literal("amount > 10").value()).isEqualTo(10.0);
    assertThat(literal("amount > 10").type()).isEqualTo(PrimitiveType.DOUBLE);
    assertThat(literal("id = 1e3").value()).isEqualTo(1000L);
    assertThat(literal("id = 7.000").value()).isEqualTo(7L);
    assertThat(literal("i = '12'").value()).isEqualTo(12);
    assertThat(literal("id = '1e3'").value()).isEqualTo(1000L);
    assertThat(literal("f = 0.5").value()).isEqualTo(0.5f);
    assertThat(literal("f = 0.1").value()).isEqualTo(0.1d);
    assertThat(literal("price = 1.5").value()).isEqualTo(new BigDecimal("1.50"));
    assertThat(literal("price = 1.234").value()).isEqualTo(new BigDecimal("1.234"));
    assertThat(literal("date >= '2025-01-01'").value()).isEqualTo(LocalDate.of(2025, 1, 1));
    assertThat(literal("ts >= '2025-01-01 10:00:00'").value()).isEqualTo(Instant.parse("2025-01-01T10:00:00Z"));
    assertThat(literal("ts >= DATE '2025-01-01'").value()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
    assertThat(literal("ntz >= TIMESTAMP '2025-01-01 10:00:00'").value())
        .isEqualTo(LocalDateTime.of(2025, 1, 1, 10, 0));
    assertThat(literal("flag = 'false'").value()).isEqualTo(false);
    assertThat((byte[]) literal("bin = 'A'").value()).containsExactly(65);
    assertThat(literal("country = 'x'").value()).isEqualTo("x");
    assertThat(literal("country = NULL").type()).isEqualTo(PrimitiveType.STRING);
    assertThat(literal("addr.zip = 10115").value()).isEqualTo(10115);
    assertThat(literal("`a.b` = 1").value()).isEqualTo(1L);
  }

  @Test
  void columnNamesResolveIgnoringCaseAndTakeTheSchemaSpelling() {
    Predicate p = Predicates.parse("COUNTRY = 'DE' AND Addr.CITY = 'x'", SCHEMA);
    assertThat(p.toSql()).isEqualTo("country = 'DE' AND addr.city = 'x'");
    assertThat(p.referencedColumns()).containsExactly("country", "addr");
  }

  @Test
  void unknownColumnNamesItTheKnownColumnsAndThePosition() {
    String text = "date >= '2025-01-01' AND contry IN ('DE')";
    assertThatThrownBy(() -> Predicates.parse(text, SCHEMA))
        .isInstanceOfSatisfying(PredicateException.class, e -> {
          assertThat(e).isInstanceOf(TidelakeException.class);
          assertThat(e.position()).isEqualTo(25);
          assertThat(e.getMessage())
              .contains("Unknown column 'contry'")
              .contains("did you mean 'country'?")
              .contains("known columns: id, i, amount, f, price, country, date")
              .contains("(at character 26)")
              .contains("\n  " + text + "\n  " + " ".repeat(25) + "^");
        });
  }

  @Test
  void unknownNestedFieldAndFieldOfANonStruct() {
    assertThatThrownBy(() -> Predicates.parse("addr.street = 'x'", SCHEMA))
        .hasMessageContaining("Unknown field 'street' in struct column addr")
        .hasMessageContaining("its fields: city, zip");
    assertThatThrownBy(() -> Predicates.parse("country.x = 'x'", SCHEMA))
        .hasMessageContaining("Column country is string, not a struct, so it has no field 'x'");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "id = 1.5|5|The value 1.5 is not a whole number, so it cannot be compared with long column id",
      "i > 3000000000|4|out of range for integer column i",
      "country = 10|10|Cannot compare string column country with the number 10; quote the value to compare text: '10'",
      "country IN ('a', 2)|17|Cannot compare string column country with the number 2",
      "date >= 20250101|8|Cannot compare date column date with the number 20250101; write a date such as",
      "date < TIMESTAMP '2025-01-01 00:00:00'|7|Cannot compare date column date with the timestamp",
      "date = '2025-13-01'|7|'2025-13-01' is not a valid date value for column date",
      "id BETWEEN 1 AND 'x'|17|'x' is not a valid long value for column id",
      "flag = 1|7|Cannot compare boolean column flag with the number 1; use TRUE or FALSE",
      "amount = TRUE|9|Cannot compare double column amount with the boolean true",
      "amount > 1e999|9|out of range for double column amount",
      "country LIKE 'a%' OR id LIKE '1%'|21|LIKE works on string columns, but column id is long",
      "tags = 'x'|0|= cannot be applied to column tags of type array<string>",
      "addr IN ('x')|0|IN cannot be applied to column addr of type struct<",
      "country < date|0|Cannot compare column country (string) with column date (date): the types differ",
      "country = X'00'|10|Cannot compare string column country with a binary value of 1 bytes",
  })
  void typeMismatchesAreErrorsWithPositions(String text, int position, String message) {
    assertThatThrownBy(() -> Predicates.parse(text, SCHEMA))
        .isInstanceOfSatisfying(PredicateException.class, e -> {
          assertThat(e.getMessage()).contains(message);
          assertThat(e.position()).isEqualTo(position);
        });
  }

  @Test
  void compatibleColumnComparisonsBind() {
    assertThat(Predicates.parse("id < amount AND i = id AND price > f AND date = date", SCHEMA).isBound()).isTrue();
  }

  @Test
  void nullChecksWorkOnNestedTypes() {
    assertThat(Predicates.parse("tags IS NOT NULL AND addr IS NULL", SCHEMA).toSql())
        .isEqualTo("tags IS NOT NULL AND addr IS NULL");
  }

  @Test
  void codeBuiltPredicatesBindWithTheSameRules() {
    Predicate p = Predicates.and(Predicates.eq("ID", 5), Predicates.ge("date", "2025-01-01"),
        Predicates.lt("amount", 3), Predicates.in("i", 1L, 2L), Predicates.gt("ts", LocalDate.of(2025, 1, 1)));
    assertThat(p.isBound()).isFalse();
    Predicate bound = p.bind(SCHEMA);
    assertThat(bound.isBound()).isTrue();
    assertThat(bound.toSql()).isEqualTo("id = 5 AND date >= DATE '2025-01-01' AND amount < 3.0 AND i IN (1, 2)"
        + " AND ts > TIMESTAMP '2025-01-01T00:00:00Z'");
    // Binding a bound predicate to the same schema changes nothing.
    assertThat(bound.bind(SCHEMA)).isEqualTo(bound);
  }

  @Test
  void codeBuiltErrorsQuoteThePredicateInstead() {
    assertThatThrownBy(() -> Predicates.eq("nope", 1).bind(SCHEMA))
        .isInstanceOfSatisfying(PredicateException.class, e -> {
          assertThat(e.position()).isEqualTo(-1);
          assertThat(e.getMessage()).contains("Unknown column 'nope'").contains("(in predicate: nope = 1)");
        });
    assertThatThrownBy(() -> Predicates.eq("id", 0.5).bind(SCHEMA)).hasMessageContaining("not a whole number");
  }

  @Test
  void skippingMethodsRequireABoundPredicate() {
    Predicate unbound = Predicates.parseUnbound("date >= '2025-01-01'");
    assertThatThrownBy(() -> unbound.mightMatch(new FakeStats(10L)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("bind(schema)");
    assertThatThrownBy(() -> unbound.evaluate(java.util.Map.of("date", LocalDate.of(2025, 1, 1))))
        .isInstanceOf(IllegalStateException.class);
  }
}
