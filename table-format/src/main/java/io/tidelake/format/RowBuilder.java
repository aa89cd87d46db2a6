package io.tidelake.format;

import io.tidelake.format.types.StructType;

/** Builds a {@link Row}, converting each value to its column's Java type as it is set. */
public final class RowBuilder {
  private final StructType schema;
  private Object[] values;

  RowBuilder(StructType schema) {
    this.schema = schema;
    this.values = new Object[schema.size()];
  }

  /** Sets a column by name; an unknown column or a value of the wrong type fails here, naming the column. */
  public RowBuilder set(String column, Object value) {
    int i = schema.indexOf(column);
    if (i < 0) {
      throw new SchemaViolationException(column, -1, "unknown column '" + column + "'; the schema has "
          + schema.fieldNames() + ". Remove the value or add the column to the table schema first.");
    }
    return set(i, value);
  }

  public RowBuilder set(int ordinal, Object value) {
    values[ordinal] = Values.convert(schema.field(ordinal).type(), value, schema.field(ordinal).name());
    return this;
  }

  /**
   * The row. Nullability is enforced where the row is written (with the row's position in the batch),
   * not here, so a builder may be filled in any order.
   */
  public Row build() {
    Object[] out = values;
    values = new Object[schema.size()];
    return new GenericRow(schema, out, true);
  }
}
