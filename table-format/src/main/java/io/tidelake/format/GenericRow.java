package io.tidelake.format;

import io.tidelake.format.types.StructType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The array-backed Row. {@code checked} records that every value was already converted to the
 * schema's Java type (by {@link RowBuilder} or by a reader), so writers can skip the type walk and only
 * enforce nullability.
 */
public final class GenericRow implements Row {
  private final StructType schema;
  private final Object[] values;
  private final boolean checked;

  /** Wraps {@code values} without copying; the caller hands over ownership of the array. */
  public GenericRow(StructType schema, Object[] values, boolean checked) {
    if (values.length != schema.size()) {
      throw new IllegalArgumentException("Row has " + values.length + " values for " + schema.size() + " columns");
    }
    this.schema = schema;
    this.values = values;
    this.checked = checked;
  }

  /** A row whose values are trusted to already be of the schema's Java types (readers use this). */
  public static GenericRow trusted(StructType schema, Object[] values) {
    return new GenericRow(schema, values, true);
  }

  @Override
  public StructType schema() {
    return schema;
  }

  @Override
  public Object get(int ordinal) {
    return values[ordinal];
  }

  @Override
  public boolean isNullAt(int ordinal) {
    return values[ordinal] == null;
  }

  /** Whether every value is known to have its column's Java type. */
  public boolean isTypeChecked() {
    return checked;
  }

  /** A copy of the values (rows are immutable to their users). */
  public Object[] toArray() {
    return values.clone();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Row other) || !schema.equals(other.schema())) {
      return false;
    }
    for (int i = 0; i < values.length; i++) {
      if (!valueEquals(values[i], other.get(i))) {
        return false;
      }
    }
    return true;
  }

  static boolean valueEquals(Object a, Object b) {
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y);
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!valueEquals(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!y.containsKey(e.getKey()) || !valueEquals(e.getValue(), y.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(a, b);
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (Object v : values) {
      h = 31 * h + (v instanceof byte[] b ? Arrays.hashCode(b) : Objects.hashCode(v));
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      Object v = values[i];
      sb.append(schema.field(i).name()).append('=').append(v instanceof byte[] b ? Arrays.toString(b) : v);
    }
    return sb.append('}').toString();
  }
}
