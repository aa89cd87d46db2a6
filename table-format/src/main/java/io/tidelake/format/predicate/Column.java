package io.tidelake.format.predicate;

import io.tidelake.format.predicate.internal.Parser;
import io.tidelake.format.predicate.internal.SqlText;
import java.util.List;

/**
 * A reference to a column: a top-level name, or a path into struct fields ({@code address.city} is
 * {@code [address, city]}). Names compare exactly here; binding to a schema resolves them
 * case-insensitively (as Delta does) and replaces them with the schema's spelling.
 */
public record Column(List<String> path) {

  public Column {
    path = List.copyOf(path);
    if (path.isEmpty()) {
      throw new IllegalArgumentException("A column reference needs at least one name");
    }
    for (String p : path) {
      if (p.isEmpty()) {
        throw new IllegalArgumentException("Empty name in column reference " + path);
      }
    }
  }

  /** A reference from already split names: {@code Column.of("address", "city")}. */
  public static Column of(String... path) {
    return new Column(List.of(path));
  }

  /**
   * A reference written as in predicate text: {@code a.b} is a nested field, {@code `a.b`} a column whose
   * name contains a dot.
   */
  public static Column parse(String text) {
    return Parser.parseColumn(text);
  }

  /** The top-level column this reference starts at. */
  public String name() {
    return path.get(0);
  }

  public boolean isNested() {
    return path.size() > 1;
  }

  /** The reference as predicate text, backquoting names that need it. */
  public String toSql() {
    StringBuilder sb = new StringBuilder();
    for (String p : path) {
      if (sb.length() > 0) {
        sb.append('.');
      }
      sb.append(SqlText.identifier(p));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return toSql();
  }
}
