package io.tidelake.format.expr;

import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Ordered aliases with their schemas, for expressions over several relations (MERGE's {@code t} and
 * {@code s}). An evaluation row is the concatenation of each alias's row values in this order.
 *
 * <p>In expressions, {@code alias.col} names a column of one alias; an unqualified name resolves when
 * exactly one alias has the column, and is an error asking to qualify it otherwise. Aliases compare
 * ignoring case. Immutable.
 */
public final class Scope {
  private final Map<String, StructType> schemas;

  private Scope(Map<String, StructType> schemas) {
    this.schemas = schemas;
  }

  public static Scope of(String alias, StructType schema) {
    return new Scope(Map.of()).and(alias, schema);
  }

  /** A new scope with {@code alias} appended. */
  public Scope and(String alias, StructType schema) {
    Objects.requireNonNull(schema, "schema");
    if (alias == null || alias.isEmpty()) {
      throw new IllegalArgumentException("An alias must not be empty");
    }
    for (String a : schemas.keySet()) {
      if (a.toLowerCase(Locale.ROOT).equals(alias.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("Duplicate alias '" + alias + "' in scope " + schemas.keySet());
      }
    }
    Map<String, StructType> m = new LinkedHashMap<>(schemas);
    m.put(alias, schema);
    return new Scope(Collections.unmodifiableMap(m));
  }

  /** The aliases in row order. */
  public List<String> aliases() {
    return List.copyOf(schemas.keySet());
  }

  /** The schema of {@code alias} (matched ignoring case), or null. */
  public StructType schema(String alias) {
    for (Map.Entry<String, StructType> e : schemas.entrySet()) {
      if (e.getKey().equalsIgnoreCase(alias)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** The position in the evaluation row of the first column of {@code alias}. */
  public int offset(String alias) {
    int offset = 0;
    for (Map.Entry<String, StructType> e : schemas.entrySet()) {
      if (e.getKey().equalsIgnoreCase(alias)) {
        return offset;
      }
      offset += e.getValue().size();
    }
    throw new IllegalArgumentException("Unknown alias '" + alias + "'; the scope has " + schemas.keySet());
  }

  /**
   * The concatenated fields. Field names are qualified ({@code t.id}, {@code s.id}) because a
   * StructType's names must be unique and the same column name usually appears under both aliases.
   */
  public StructType rowSchema() {
    List<StructField> out = new ArrayList<>();
    for (Map.Entry<String, StructType> e : schemas.entrySet()) {
      for (StructField f : e.getValue().fields()) {
        out.add(new StructField(e.getKey() + "." + f.name(), f.type(), f.nullable(), f.metadata()));
      }
    }
    return new StructType(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Scope s && schemas.equals(s.schemas);
  }

  @Override
  public int hashCode() {
    return schemas.hashCode();
  }

  @Override
  public String toString() {
    return "Scope" + schemas.keySet();
  }
}
