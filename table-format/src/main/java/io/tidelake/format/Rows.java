package io.tidelake.format;

import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import java.util.Map;

/**
 * Rows from text, for callers whose values arrive as strings (a form, a query string, a csv reader of
 * their own): each value is parsed with {@link Values#parse}, as the {@code tide} CLI parses csv cells.
 * From Java values, use {@link Row#of} (schema order) or {@link Row#builder} (by name).
 */
public final class Rows {
  private Rows() {}

  /**
   * A row of {@code schema} from column name to text; columns not in the map are null, a null text is
   * null. Unknown names and unparsable texts fail with {@link SchemaViolationException} naming the column.
   */
  public static Row parse(StructType schema, Map<String, String> text) {
    RowBuilder b = Row.builder(schema);
    for (Map.Entry<String, String> e : text.entrySet()) {
      StructField f = schema.field(e.getKey());
      if (f == null) {
        throw new SchemaViolationException(e.getKey(), -1, "unknown column; the schema has " + schema.fieldNames()
            + ".");
      }
      b.set(f.name(), Values.parse(f.type(), e.getValue(), f.name()));
    }
    return b.build();
  }
}
