package io.tidelake.format.partition;

import io.tidelake.format.SchemaViolationException;
import io.tidelake.format.Values;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.PrimitiveType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Typed partition values ⇄ the strings of {@code add.partitionValues} (PROTOCOL.md "Partition Value
 * Serialization"). Writes what Delta Kernel writes (timestamps as ISO-8601 UTC with micros and {@code Z},
 * which every reader interprets the same way); reads everything Spark and Kernel have written.
 *
 * <p>The directory and {@code add.path} helpers are implemented in {@link PartitionPaths}; the delegates at
 * the end keep the whole partition API reachable from this one class.
 */
public final class PartitionValues {
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter NTZ_SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

  private PartitionValues() {}

  /**
   * The serialized form of a partition value; null for null. An empty string (or empty binary) also
   * serializes as null: the protocol defines "" as null, so it could not be read back as "" anyway
   * (Spark turns empty partition strings into null the same way).
   */
  public static String serialize(DataType type, Object value) {
    if (value == null) {
      return null;
    }
    if (type instanceof DecimalType) {
      return ((BigDecimal) value).toPlainString();
    }
    if (!(type instanceof PrimitiveType p)) {
      throw new IllegalArgumentException("Partition columns must have a primitive type, not " + type.simpleString());
    }
    switch (p) {
      case STRING: {
        String s = (String) value;
        return s.isEmpty() ? null : s;
      }
      case BINARY: {
        byte[] b = (byte[]) value;
        // One char per byte (ISO-8859-1), so any byte sequence survives the JSON string round trip.
        return b.length == 0 ? null : new String(b, StandardCharsets.ISO_8859_1);
      }
      case DATE:
        return ((LocalDate) value).toString();
      case TIMESTAMP:
        return TS.format((Instant) value);
      case TIMESTAMP_NTZ:
        return ntz((LocalDateTime) value);
      default:
        return value.toString(); // Boolean, Byte..Long, Float, Double: Java's toString, as Spark's cast to string
    }
  }

  /** Spark's form: {@code yyyy-MM-dd HH:mm:ss} plus the fraction without trailing zeros. */
  private static String ntz(LocalDateTime t) {
    String s = NTZ_SECONDS.format(t);
    int micros = t.getNano() / 1000;
    if (micros == 0) {
      return s;
    }
    String frac = String.format("%06d", micros);
    int end = frac.length();
    while (frac.charAt(end - 1) == '0') {
      end--;
    }
    return s + "." + frac.substring(0, end);
  }

  /**
   * The typed value of a serialized partition value. null and "" are null; the string "null" is the
   * four-letter string. Timestamps accept ISO-8601 with {@code Z} or an offset, and the zone-less
   * {@code yyyy-MM-dd HH:mm:ss[.ffffff]} that Spark writes, read as UTC (as Delta Kernel does).
   *
   * @throws SchemaViolationException when the text is not a value of the type
   */
  public static Object deserialize(DataType type, String text) {
    return deserialize(type, text, "<partition>");
  }

  /** As {@link #deserialize(DataType, String)}, naming {@code column} in errors. */
  public static Object deserialize(DataType type, String text, String column) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    if (type == PrimitiveType.STRING) {
      return text;
    }
    if (type == PrimitiveType.BINARY) {
      return text.getBytes(StandardCharsets.ISO_8859_1);
    }
    return Values.parse(type, text, column);
  }

  /** See {@link PartitionPaths#partitionDirectory}. */
  public static String partitionDirectory(java.util.List<String> columns, java.util.List<String> serializedValues) {
    return PartitionPaths.partitionDirectory(columns, serializedValues);
  }

  /** See {@link PartitionPaths#escapePathName}. */
  public static String escapePathName(String s) {
    return PartitionPaths.escapePathName(s);
  }

  /** See {@link PartitionPaths#unescapePathName}. */
  public static String unescapePathName(String s) {
    return PartitionPaths.unescapePathName(s);
  }

  /** See {@link PartitionPaths#encodeLogPath}. */
  public static String encodeLogPath(String relativePath) {
    return PartitionPaths.encodeLogPath(relativePath);
  }

  /** See {@link PartitionPaths#decodeLogPath}. */
  public static String decodeLogPath(String logPath) {
    return PartitionPaths.decodeLogPath(logPath);
  }
}
