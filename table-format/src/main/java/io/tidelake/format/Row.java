package io.tidelake.format;

import io.tidelake.format.types.StructType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * One row of a table, or one value of a struct column. Values are held as plain Java objects: Boolean,
 * Byte, Short, Integer, Long, Float, Double, BigDecimal (decimal), String, byte[] (binary), LocalDate
 * (date), Instant (timestamp), LocalDateTime (timestamp_ntz), Row (struct), List (array), Map (map);
 * null for SQL NULL.
 *
 * <p>Build rows with {@link #builder(StructType)}: it converts lossless Java types (an int for a long
 * column, an OffsetDateTime for a timestamp) and refuses the rest, naming the column.
 */
public interface Row {

  StructType schema();

  /** The raw value at a position, or null. */
  Object get(int ordinal);

  default int size() {
    return schema().size();
  }

  default int ordinal(String column) {
    int i = schema().indexOf(column);
    if (i < 0) {
      throw new IllegalArgumentException("Unknown column '" + column + "'. Columns: " + schema().fieldNames());
    }
    return i;
  }

  default Object get(String column) {
    return get(ordinal(column));
  }

  default boolean isNullAt(int ordinal) {
    return get(ordinal) == null;
  }

  default boolean isNull(String column) {
    return get(column) == null;
  }

  default boolean getBoolean(int i) {
    return (Boolean) nonNull(i);
  }

  default byte getByte(int i) {
    return (Byte) nonNull(i);
  }

  default short getShort(int i) {
    return (Short) nonNull(i);
  }

  default int getInt(int i) {
    return (Integer) nonNull(i);
  }

  default long getLong(int i) {
    return (Long) nonNull(i);
  }

  default float getFloat(int i) {
    return (Float) nonNull(i);
  }

  default double getDouble(int i) {
    return (Double) nonNull(i);
  }

  default BigDecimal getDecimal(int i) {
    return (BigDecimal) get(i);
  }

  default String getString(int i) {
    return (String) get(i);
  }

  default byte[] getBinary(int i) {
    return (byte[]) get(i);
  }

  default LocalDate getDate(int i) {
    return (LocalDate) get(i);
  }

  default Instant getTimestamp(int i) {
    return (Instant) get(i);
  }

  default LocalDateTime getTimestampNtz(int i) {
    return (LocalDateTime) get(i);
  }

  default Row getStruct(int i) {
    return (Row) get(i);
  }

  @SuppressWarnings("unchecked")
  default <T> List<T> getList(int i) {
    return (List<T>) get(i);
  }

  @SuppressWarnings("unchecked")
  default <K, V> Map<K, V> getMap(int i) {
    return (Map<K, V>) get(i);
  }

  default boolean getBoolean(String c) {
    return getBoolean(ordinal(c));
  }

  default int getInt(String c) {
    return getInt(ordinal(c));
  }

  default long getLong(String c) {
    return getLong(ordinal(c));
  }

  default double getDouble(String c) {
    return getDouble(ordinal(c));
  }

  default float getFloat(String c) {
    return getFloat(ordinal(c));
  }

  default BigDecimal getDecimal(String c) {
    return getDecimal(ordinal(c));
  }

  default String getString(String c) {
    return getString(ordinal(c));
  }

  default byte[] getBinary(String c) {
    return getBinary(ordinal(c));
  }

  default LocalDate getDate(String c) {
    return getDate(ordinal(c));
  }

  default Instant getTimestamp(String c) {
    return getTimestamp(ordinal(c));
  }

  default LocalDateTime getTimestampNtz(String c) {
    return getTimestampNtz(ordinal(c));
  }

  default Row getStruct(String c) {
    return getStruct(ordinal(c));
  }

  default <T> List<T> getList(String c) {
    return getList(ordinal(c));
  }

  default <K, V> Map<K, V> getMap(String c) {
    return getMap(ordinal(c));
  }

  private Object nonNull(int i) {
    Object v = get(i);
    if (v == null) {
      throw new NullPointerException("Column '" + schema().field(i).name() + "' is null; check isNullAt first.");
    }
    return v;
  }

  /** A builder that checks and converts each value against the schema as it is set. */
  static RowBuilder builder(StructType schema) {
    return new RowBuilder(schema);
  }

  /** A row of values in schema order, converted and checked like {@link #builder}. */
  static Row of(StructType schema, Object... values) {
    if (values.length != schema.size()) {
      throw new IllegalArgumentException("Expected " + schema.size() + " values for " + schema.fieldNames()
          + ", got " + values.length);
    }
    RowBuilder b = builder(schema);
    for (int i = 0; i < values.length; i++) {
      b.set(i, values[i]);
    }
    return b.build();
  }

  /** A row from a column-name → value map; columns not in the map are null. Unknown names are an error. */
  static Row fromMap(StructType schema, Map<String, ?> values) {
    RowBuilder b = builder(schema);
    for (Map.Entry<String, ?> e : values.entrySet()) {
      b.set(e.getKey(), e.getValue());
    }
    return b.build();
  }
}
