package io.tidelake.format.predicate;

import io.tidelake.format.predicate.internal.SqlText;
import io.tidelake.format.types.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Objects;

/**
 * A constant in a predicate. Before binding, {@code type} is null and the value is what was written: a
 * String for a quoted literal (its meaning depends on the column: {@code '2025-01-01'} becomes a date for
 * a date column), a Long or BigDecimal for a number, a LocalDate / Instant for {@code DATE '...'} /
 * {@code TIMESTAMP '...'}, a byte[] for {@code X'..'}, a Boolean, or null for NULL. After binding,
 * {@code type} is the column's type and the value its Row Java type (see the binder for the numeric
 * rules).
 */
public record Literal(Object value, DataType type) {

  public Literal {
    value = normalize(value);
  }

  /** An unbound literal from a Java value (int, long, double, BigDecimal, String, LocalDate, Instant, ...). */
  public static Literal of(Object value) {
    return new Literal(value, null);
  }

  public boolean isNull() {
    return value == null;
  }

  public boolean isBound() {
    return type != null;
  }

  /** The literal as predicate text that parses (and binds) back to the same value. */
  public String toSql() {
    return SqlText.literal(this);
  }

  @Override
  public String toString() {
    return toSql();
  }

  @Override
  public Object value() {
    return value instanceof byte[] b ? b.clone() : value;
  }

  /** The value without a defensive copy, for evaluators that only read it. */
  public Object rawValue() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Literal other) || !Objects.equals(type, other.type)) {
      return false;
    }
    if (value instanceof byte[] a && other.value instanceof byte[] b) {
      return Arrays.equals(a, b);
    }
    return Objects.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return 31 * Objects.hashCode(type) + (value instanceof byte[] b ? Arrays.hashCode(b) : Objects.hashCode(value));
  }

  private static Object normalize(Object v) {
    // -0.0 equals 0.0 in predicate semantics (Spark's too); one spelling keeps text round trips exact.
    if (v instanceof Double d && d == 0.0) {
      return 0.0d;
    }
    if (v instanceof Float f && f == 0.0f) {
      return 0.0f;
    }
    if (v == null || v instanceof Boolean || v instanceof Byte || v instanceof Short || v instanceof Integer
        || v instanceof Long || v instanceof Float || v instanceof Double || v instanceof BigDecimal
        || v instanceof String || v instanceof LocalDate || v instanceof Instant || v instanceof LocalDateTime) {
      return v;
    }
    if (v instanceof byte[] b) {
      return b.clone();
    }
    if (v instanceof BigInteger b) {
      return new BigDecimal(b);
    }
    if (v instanceof CharSequence cs) {
      return cs.toString();
    }
    if (v instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    if (v instanceof ZonedDateTime z) {
      return z.toInstant();
    }
    throw new IllegalArgumentException("Unsupported literal " + v.getClass().getSimpleName() + " value " + v
        + "; use a number, String, Boolean, byte[], LocalDate, Instant or LocalDateTime");
  }
}
