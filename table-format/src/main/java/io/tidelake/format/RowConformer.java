package io.tidelake.format;

import io.tidelake.format.types.ArrayType;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.MapType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import java.util.List;
import java.util.Map;

/**
 * Schema enforcement on write: brings a user's row into the table's column layout (matching columns by
 * name), converts values, and enforces nullability at every nesting level. Each failure names the column
 * and the row's position in the batch; writers call this for every row before writing any file, so a bad
 * row means nothing is written. One instance per writer thread (it remembers the last row schema it saw).
 */
public final class RowConformer {
  private final StructType tableSchema;
  /** Top-level columns declared NOT NULL. */
  private final int[] notNullOrdinals;
  /** Top-level columns whose nested type has a NOT NULL field, element or value somewhere inside. */
  private final int[] constrainedNestedOrdinals;
  /** The last row schema found equal to the table schema: rows usually share one schema instance. */
  private StructType lastEqualSchema;

  public RowConformer(StructType tableSchema) {
    this.tableSchema = tableSchema;
    this.lastEqualSchema = tableSchema;
    int n = tableSchema.size();
    int[] notNull = new int[n];
    int[] nested = new int[n];
    int a = 0;
    int b = 0;
    for (int i = 0; i < n; i++) {
      StructField f = tableSchema.field(i);
      if (!f.nullable()) {
        notNull[a++] = i;
      }
      if (hasNestedConstraint(f.type())) {
        nested[b++] = i;
      }
    }
    this.notNullOrdinals = java.util.Arrays.copyOf(notNull, a);
    this.constrainedNestedOrdinals = java.util.Arrays.copyOf(nested, b);
  }

  private static boolean hasNestedConstraint(DataType t) {
    if (t instanceof StructType s) {
      for (StructField f : s.fields()) {
        if (!f.nullable() || hasNestedConstraint(f.type())) {
          return true;
        }
      }
      return false;
    }
    if (t instanceof ArrayType a) {
      return !a.containsNull() || hasNestedConstraint(a.elementType());
    }
    if (t instanceof MapType m) {
      return !m.valueContainsNull() || hasNestedConstraint(m.keyType()) || hasNestedConstraint(m.valueType());
    }
    return false;
  }

  public StructType schema() {
    return tableSchema;
  }

  /** The row in table layout. {@code rowIndex} is the row's 0-based position in the write, for messages. */
  public Row conform(Row row, long rowIndex) {
    try {
      Row aligned = align(row);
      // only the columns that can violate a constraint are looked at: this runs for every written row
      for (int i : notNullOrdinals) {
        if (aligned.get(i) == null) {
          throw new SchemaViolationException(tableSchema.field(i).name(), -1, "null value in a column declared NOT NULL. "
              + "Provide a value, or make the column nullable.");
        }
      }
      for (int i : constrainedNestedOrdinals) {
        Object v = aligned.get(i);
        if (v != null) {
          checkNested(tableSchema.field(i).type(), v, tableSchema.field(i).name());
        }
      }
      return aligned;
    } catch (SchemaViolationException e) {
      throw e.rowIndex() >= 0 ? e : new SchemaViolationException(e.column(), rowIndex, problemOf(e));
    }
  }

  private Row align(Row row) {
    StructType rs = row.schema();
    // Fast path: built against this very schema, values already converted.
    if (row instanceof GenericRow g && g.isTypeChecked()) {
      if (rs == tableSchema || rs == lastEqualSchema) {
        return row;
      }
      if (rs.equals(tableSchema)) {
        lastEqualSchema = rs; // value-equal but another instance (e.g. a re-parsed schema): compare once
        return row;
      }
    }
    Object[] out = new Object[tableSchema.size()];
    for (int i = 0; i < rs.size(); i++) {
      String name = rs.field(i).name();
      int t = tableSchema.indexOf(name);
      if (t < 0) {
        throw new SchemaViolationException(name, -1, "unknown column; the table has " + tableSchema.fieldNames()
            + ". Remove the column from the input, or add it to the table schema first.");
      }
      StructField f = tableSchema.field(t);
      out[t] = Values.convert(f.type(), row.get(i), f.name());
    }
    return new GenericRow(tableSchema, out, true);
  }

  private static void checkNulls(StructType schema, Row row, String prefix) {
    List<StructField> fields = schema.fields();
    for (int i = 0; i < fields.size(); i++) {
      StructField f = fields.get(i);
      Object v = row.get(i);
      String path = prefix + f.name();
      if (v == null) {
        if (!f.nullable()) {
          throw new SchemaViolationException(path, -1, "null value in a column declared NOT NULL. "
              + "Provide a value, or make the column nullable.");
        }
      } else {
        checkNested(f.type(), v, path);
      }
    }
  }

  private static void checkNested(DataType type, Object v, String path) {
    if (type instanceof StructType s) {
      checkNulls(s, (Row) v, path + ".");
    } else if (type instanceof ArrayType a) {
      for (Object e : (List<?>) v) {
        if (e == null) {
          if (!a.containsNull()) {
            throw new SchemaViolationException(path, -1, "null element in an array declared without nulls.");
          }
        } else {
          checkNested(a.elementType(), e, path + "[]");
        }
      }
    } else if (type instanceof MapType m) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        checkNested(m.keyType(), e.getKey(), path + ".key");
        if (e.getValue() == null) {
          if (!m.valueContainsNull()) {
            throw new SchemaViolationException(path, -1, "null map value in a map declared without null values.");
          }
        } else {
          checkNested(m.valueType(), e.getValue(), path + ".value");
        }
      }
    }
  }

  private static String problemOf(SchemaViolationException e) {
    String m = e.getMessage();
    int i = m.indexOf("': ");
    return i < 0 ? m : m.substring(i + 3);
  }
}
