package io.tidelake.format.types;

import io.tidelake.format.TidelakeException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An ordered list of uniquely named fields: a table schema, or a nested struct column. Column names are
 * unique case-insensitively (as Delta requires); lookups try the exact name first, then ignore case.
 */
public final class StructType implements DataType {
  private final List<StructField> fields;
  private final Map<String, Integer> exact = new HashMap<>();
  private final Map<String, Integer> folded = new HashMap<>();

  public StructType(List<StructField> fields) {
    this.fields = List.copyOf(fields);
    for (int i = 0; i < this.fields.size(); i++) {
      String name = this.fields.get(i).name();
      if (folded.putIfAbsent(name.toLowerCase(Locale.ROOT), i) != null) {
        throw new InvalidSchemaException("Duplicate column name '" + name
            + "' (Delta column names are case-insensitive). Rename one of the columns.");
      }
      exact.put(name, i);
    }
  }

  public static StructType of(StructField... fields) {
    return new StructType(List.of(fields));
  }

  public List<StructField> fields() {
    return fields;
  }

  public int size() {
    return fields.size();
  }

  public StructField field(int ordinal) {
    return fields.get(ordinal);
  }

  /** The field's position, or -1 when there is no such column. */
  public int indexOf(String name) {
    Integer i = exact.get(name);
    if (i == null) {
      i = folded.get(name.toLowerCase(Locale.ROOT));
    }
    return i == null ? -1 : i;
  }

  /** The field named {@code name}, or null. */
  public StructField field(String name) {
    int i = indexOf(name);
    return i < 0 ? null : fields.get(i);
  }

  public List<String> fieldNames() {
    List<String> names = new ArrayList<>(fields.size());
    for (StructField f : fields) {
      names.add(f.name());
    }
    return Collections.unmodifiableList(names);
  }

  /** A new struct of the named fields, in the order given. Unknown names are an error. */
  public StructType select(List<String> names) {
    List<StructField> out = new ArrayList<>(names.size());
    for (String n : names) {
      StructField f = field(n);
      if (f == null) {
        throw new InvalidSchemaException("Unknown column '" + n + "'. Known columns: " + fieldNames() + ".");
      }
      out.add(f);
    }
    return new StructType(out);
  }

  /** A new struct without the fields that match. */
  public StructType without(Predicate<StructField> drop) {
    List<StructField> out = new ArrayList<>(fields.size());
    for (StructField f : fields) {
      if (!drop.test(f)) {
        out.add(f);
      }
    }
    return new StructType(out);
  }

  /** A new struct with {@code field} appended. */
  public StructType add(StructField field) {
    List<StructField> out = new ArrayList<>(fields);
    out.add(field);
    return new StructType(out);
  }

  /** The Delta schema JSON of this struct. */
  public String toJson() {
    return SchemaJson.toJson(this);
  }

  /** Compact DDL-like text, e.g. {@code id long not null, date date}. */
  public String toDdl() {
    StringBuilder sb = new StringBuilder();
    for (StructField f : fields) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(f);
    }
    return sb.toString();
  }

  @Override
  public String simpleString() {
    StringBuilder sb = new StringBuilder("struct<");
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(fields.get(i).name()).append(':').append(fields.get(i).type().simpleString());
    }
    return sb.append('>').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StructType other && fields.equals(other.fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return simpleString();
  }
}
