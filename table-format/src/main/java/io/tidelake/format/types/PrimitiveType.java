package io.tidelake.format.types;

/**
 * Delta's primitive types with the Java class a {@link io.tidelake.format.Row} holds for each.
 * The names are those of Delta's schema JSON ("integer", not "int").
 */
public enum PrimitiveType implements DataType {
  BOOLEAN("boolean", Boolean.class),
  BYTE("byte", Byte.class),
  SHORT("short", Short.class),
  INTEGER("integer", Integer.class),
  LONG("long", Long.class),
  FLOAT("float", Float.class),
  DOUBLE("double", Double.class),
  STRING("string", String.class),
  BINARY("binary", byte[].class),
  DATE("date", java.time.LocalDate.class),
  /** Microsecond instant, adjusted to UTC. */
  TIMESTAMP("timestamp", java.time.Instant.class),
  /** Microsecond wall-clock time without a zone (table feature timestampNtz). */
  TIMESTAMP_NTZ("timestamp_ntz", java.time.LocalDateTime.class);

  private final String jsonName;
  private final Class<?> javaClass;

  PrimitiveType(String jsonName, Class<?> javaClass) {
    this.jsonName = jsonName;
    this.javaClass = javaClass;
  }

  /** The Java class of values of this type inside a Row. */
  public Class<?> javaClass() {
    return javaClass;
  }

  @Override
  public String simpleString() {
    return jsonName;
  }

  /** Looks a primitive up by its Delta JSON name; also accepts the SQL aliases int, bigint, smallint, tinyint, bool. */
  public static PrimitiveType fromName(String name) {
    String n = name.trim().toLowerCase(java.util.Locale.ROOT);
    switch (n) {
      case "int": return INTEGER;
      case "bigint": return LONG;
      case "smallint": return SHORT;
      case "tinyint": return BYTE;
      case "bool": return BOOLEAN;
      case "real": return FLOAT;
      default:
        for (PrimitiveType t : values()) {
          if (t.jsonName.equals(n)) {
            return t;
          }
        }
        return null;
    }
  }

  public boolean isIntegral() {
    return this == BYTE || this == SHORT || this == INTEGER || this == LONG;
  }

  public boolean isNumeric() {
    return isIntegral() || this == FLOAT || this == DOUBLE;
  }

  @Override
  public String toString() {
    return jsonName;
  }
}
