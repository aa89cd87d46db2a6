package io.tidelake.format.expr.internal;

import io.tidelake.format.Row;
import io.tidelake.format.types.DataType;
import java.util.List;

/**
 * One node of a bound expression: its type is fixed, columns are resolved to ordinals and literals
 * converted, so {@link #eval} does no lookups by name. Values are the Row Java types of
 * {@link #type()} (Integer for integer, BigDecimal for decimal, LocalDate for date, ...), null for NULL.
 */
public interface Node {
  DataType type();

  Object eval(Row row);

  List<Node> children();

  default boolean deterministic() {
    for (Node c : children()) {
      if (!c.deterministic()) {
        return false;
      }
    }
    return true;
  }
}
