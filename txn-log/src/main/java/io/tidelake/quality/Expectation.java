package io.tidelake.quality;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One expectation of a suite, as Great Expectations configures it: a type ({@code
 * expect_column_values_to_not_be_null}...), its keyword arguments ({@code column}, {@code min_value},
 * {@code mostly}...) and free-form {@code meta} (Tidelake reads {@code meta.on_failure}: {@code fail},
 * {@code quarantine} or {@code warn}). Immutable; checked against a table's schema when a suite is bound
 * ({@link ExpectationSuite#bind}).
 *
 * <pre>{@code
 * Expectation.of("expect_column_values_to_be_between", Map.of("column", "amount", "min_value", 0))
 *     .mostly(0.99).onFailure(OnFailure.QUARANTINE);
 * }</pre>
 */
public record Expectation(String type, Map<String, Object> kwargs, Map<String, Object> meta) {
  public Expectation {
    Objects.requireNonNull(type, "type");
    kwargs = Collections.unmodifiableMap(new LinkedHashMap<>(kwargs == null ? Map.of() : kwargs));
    meta = Collections.unmodifiableMap(new LinkedHashMap<>(meta == null ? Map.of() : meta));
  }

  public static Expectation of(String type, Map<String, Object> kwargs) {
    return new Expectation(type, kwargs, Map.of());
  }

  /** This expectation with one more (or a replaced) keyword argument. */
  public Expectation with(String kwarg, Object value) {
    Map<String, Object> k = new LinkedHashMap<>(kwargs);
    k.put(kwarg, value);
    return new Expectation(type, k, meta);
  }

  /** This expectation passing when at least this fraction (0..1) of the non-null values are as expected. */
  public Expectation mostly(double fraction) {
    return with("mostly", fraction);
  }

  /** This expectation with {@code meta.on_failure} set. */
  public Expectation onFailure(OnFailure action) {
    Map<String, Object> m = new LinkedHashMap<>(meta);
    m.put("on_failure", action.jsonName());
    return new Expectation(type, kwargs, m);
  }

  public static Expectation notNull(String column) {
    return of("expect_column_values_to_not_be_null", Map.of("column", column));
  }

  public static Expectation isNull(String column) {
    return of("expect_column_values_to_be_null", Map.of("column", column));
  }

  /** Inclusive bounds; either may be null (unbounded). */
  public static Expectation between(String column, Object min, Object max) {
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("column", column);
    k.put("min_value", min);
    k.put("max_value", max);
    return of("expect_column_values_to_be_between", k);
  }

  public static Expectation inSet(String column, List<?> values) {
    return of("expect_column_values_to_be_in_set", Map.of("column", column, "value_set", List.copyOf(values)));
  }

  public static Expectation notInSet(String column, List<?> values) {
    return of("expect_column_values_to_not_be_in_set", Map.of("column", column, "value_set", List.copyOf(values)));
  }

  /** A Java regex found anywhere in the value (GE's search semantics; anchor it with ^...$ for a full match). */
  public static Expectation matchesRegex(String column, String regex) {
    return of("expect_column_values_to_match_regex", Map.of("column", column, "regex", regex));
  }

  public static Expectation unique(String column) {
    return of("expect_column_values_to_be_unique", Map.of("column", column));
  }

  public static Expectation rowCountBetween(Long min, Long max) {
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("min_value", min);
    k.put("max_value", max);
    return of("expect_table_row_count_to_be_between", k);
  }

  /** A condition in Tidelake's expression language that every row must satisfy (NULL counts as unexpected). */
  public static Expectation rowCondition(String condition) {
    return of("expect_row_condition", Map.of("condition", condition));
  }
}
