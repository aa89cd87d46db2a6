package io.tidelake.format.stats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON form of {@link FileStats}, as delta-spark writes it (PROTOCOL.md "Per-file Statistics"):
 * numbers as JSON numbers, decimals as plain JSON numbers ({@code 0.00}), dates {@code "yyyy-MM-dd"},
 * timestamps ISO-8601 UTC with milliseconds {@code "2023-11-14T22:13:20.000Z"}, timestamp_ntz the same
 * without zone, strings as JSON strings. Keys come in Spark's order: numRecords, minValues, maxValues,
 * nullCount, tightBounds (only when written as false or read from the log).
 */
final class StatsJson {
  private static final JsonFactory FACTORY = new JsonFactory();
  // Decimal bounds must not pass through double: decimal(38,18) would lose digits.
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TS_NTZ = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS");

  private StatsJson() {}

  static String write(FileStats s) {
    StringWriter out = new StringWriter(128);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      if (s.numRecords() != null) {
        g.writeNumberField("numRecords", s.numRecords());
      }
      writeMap(g, "minValues", s.minValues());
      writeMap(g, "maxValues", s.maxValues());
      writeMap(g, "nullCount", s.nullCounts());
      if (s.tightBoundsValue() != null) {
        g.writeBooleanField("tightBounds", s.tightBoundsValue());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen writing to a StringWriter
    }
    return out.toString();
  }

  private static void writeMap(JsonGenerator g, String name, Map<String, Object> m) throws IOException {
    if (m == null) {
      return;
    }
    g.writeFieldName(name);
    writeObject(g, m);
  }

  private static void writeObject(JsonGenerator g, Map<String, Object> m) throws IOException {
    g.writeStartObject();
    for (Map.Entry<String, Object> e : m.entrySet()) {
      Object v = e.getValue();
      if (v == null || v instanceof byte[]) {
        continue;
      }
      g.writeFieldName(e.getKey());
      writeValue(g, v);
    }
    g.writeEndObject();
  }

  @SuppressWarnings("unchecked")
  private static void writeValue(JsonGenerator g, Object v) throws IOException {
    if (v instanceof Map<?, ?> m) {
      writeObject(g, (Map<String, Object>) m);
    } else if (v instanceof Long l) {
      g.writeNumber(l);
    } else if (v instanceof Integer i) {
      g.writeNumber(i);
    } else if (v instanceof Short sh) {
      g.writeNumber(sh);
    } else if (v instanceof Byte b) {
      g.writeNumber(b);
    } else if (v instanceof Double d) {
      g.writeNumber(d);
    } else if (v instanceof Float f) {
      g.writeNumber(f);
    } else if (v instanceof BigDecimal d) {
      g.writeNumber(d.toPlainString()); // never 1E+3 notation
    } else if (v instanceof Instant t) {
      g.writeString(TS.format(t));
    } else if (v instanceof LocalDateTime t) {
      g.writeString(TS_NTZ.format(t));
    } else if (v instanceof LocalDate d) {
      g.writeString(d.toString());
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else {
      g.writeString(v.toString());
    }
  }

  static FileStats parse(String json, StructType schema) {
    if (json == null || json.isBlank()) {
      return null;
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (IOException | RuntimeException e) {
      return null;
    }
    if (root == null || !root.isObject()) {
      return null;
    }
    JsonNode n = root.get("numRecords");
    Long numRecords = n != null && n.canConvertToLong() && n.isIntegralNumber() ? n.longValue() : null;
    JsonNode tb = root.get("tightBounds");
    Boolean tight = tb != null && tb.isBoolean() ? tb.booleanValue() : null;
    return new FileStats(numRecords, bounds(root.get("minValues"), schema), bounds(root.get("maxValues"), schema),
        counts(root.get("nullCount"), schema), tight, schema);
  }

  private static Map<String, Object> bounds(JsonNode node, StructType schema) {
    if (node == null || !node.isObject()) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (schema == null) {
        Object raw = v.isObject() ? bounds(v, null) : raw(v);
        if (raw != null) {
          out.put(e.getKey(), raw);
        }
        continue;
      }
      StructField f = find(schema, e.getKey());
      if (f == null) {
        continue; // a column we do not know cannot be typed: leave it unknown
      }
      Object typed = f.type() instanceof StructType s ? (v.isObject() ? bounds(v, s) : null) : typed(f.type(), v);
      if (typed != null) {
        out.put(e.getKey(), typed);
      }
    }
    return out;
  }

  private static Map<String, Object> counts(JsonNode node, StructType schema) {
    if (node == null || !node.isObject()) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      StructField f = schema == null ? null : find(schema, e.getKey());
      if (v.isObject()) {
        StructType nested = f != null && f.type() instanceof StructType s ? s : null;
        if (schema == null || nested != null) {
          out.put(e.getKey(), counts(v, nested));
        }
      } else if (v.isIntegralNumber() && v.canConvertToLong() && (schema == null || f != null)) {
        out.put(e.getKey(), v.longValue());
      }
    }
    return out;
  }

  /** The field whose physical name is {@code key}; else one whose name matches ignoring case. */
  private static StructField find(StructType schema, String key) {
    for (StructField f : schema.fields()) {
      if (FileStats.physicalName(f).equals(key)) {
        return f;
      }
    }
    return schema.field(key);
  }

  private static Object raw(JsonNode v) {
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    if (v.isNumber()) {
      return v.decimalValue();
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    return null;
  }

  /** A bound typed for its column, or null when the JSON value does not fit the type. */
  static Object typed(DataType type, JsonNode v) {
    try {
      if (type instanceof DecimalType d) {
        BigDecimal b = v.isNumber() ? v.decimalValue() : v.isTextual() ? new BigDecimal(v.textValue()) : null;
        if (b == null) {
          return null;
        }
        try {
          return b.setScale(d.scale());
        } catch (ArithmeticException e) {
          return b; // more digits than the scale: still a valid bound to compare against
        }
      }
      if (!(type instanceof PrimitiveType p)) {
        return null;
      }
      switch (p) {
        case BYTE:
          return v.isIntegralNumber() && v.canConvertToInt() && fits(v.intValue(), Byte.MIN_VALUE, Byte.MAX_VALUE)
              ? (Object) (byte) v.intValue() : null;
        case SHORT:
          return v.isIntegralNumber() && v.canConvertToInt() && fits(v.intValue(), Short.MIN_VALUE, Short.MAX_VALUE)
              ? (Object) (short) v.intValue() : null;
        case INTEGER:
          return v.isIntegralNumber() && v.canConvertToInt() ? (Object) v.intValue() : null;
        case LONG:
          return v.isIntegralNumber() && v.canConvertToLong() ? (Object) v.longValue() : null;
        case FLOAT:
          return v.isNumber() ? (Object) v.floatValue() : v.isTextual() ? (Object) Float.parseFloat(v.textValue()) : null;
        case DOUBLE:
          return v.isNumber() ? (Object) v.doubleValue() : v.isTextual() ? (Object) Double.parseDouble(v.textValue()) : null;
        case STRING:
          return v.isTextual() ? v.textValue() : null;
        case DATE:
          return v.isTextual() ? LocalDate.parse(v.textValue()) : null;
        case TIMESTAMP:
          return v.isTextual() ? parseInstant(v.textValue()) : null;
        case TIMESTAMP_NTZ:
          return v.isTextual() ? LocalDateTime.parse(v.textValue()) : null;
        default:
          return null; // boolean, binary: Delta keeps no bounds
      }
    } catch (RuntimeException e) {
      return null; // unparseable bound: unknown
    }
  }

  private static boolean fits(int v, int min, int max) {
    return v >= min && v <= max;
  }

  /** Spark writes the session zone's offset ({@code -08:00}) when it is not UTC; Kernel writes {@code Z}. */
  private static Instant parseInstant(String s) {
    return OffsetDateTime.parse(s).toInstant();
  }
}
