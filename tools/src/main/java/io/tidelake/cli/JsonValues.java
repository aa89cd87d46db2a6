package io.tidelake.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidelake.format.GenericRow;
import io.tidelake.format.Row;
import io.tidelake.format.SchemaViolationException;
import io.tidelake.format.Values;
import io.tidelake.format.types.ArrayType;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.MapType;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Table values to and from JSON, as {@code write --format jsonl} reads them and {@code cat --format
 * jsonl} prints them, so that the two round-trip: numbers as JSON numbers (decimals exact, never via
 * double), dates and timestamps as ISO strings, binary as base64, NaN/Infinity as strings, structs as
 * objects, arrays as arrays, maps as objects keyed by the key's text. Strings are accepted for any
 * primitive column and parsed with {@link Values#parse} (large ids are often quoted in JSON).
 */
final class JsonValues {
  /** Floating numbers are read as BigDecimal so a decimal column gets the digits the user wrote. */
  static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      // "{...} {...}" on one line or a key given twice is a mistake in the input, not something to guess at
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private JsonValues() {}

  static JsonFactory factory() {
    return MAPPER.getFactory();
  }

  /** A row of {@code schema} from a JSON object; unknown keys fail, missing keys are null. */
  static Row toRow(JsonNode obj, StructType schema, String where) {
    if (!obj.isObject()) {
      throw new SchemaViolationException(where, -1, "expected a JSON object, got " + kind(obj) + ".");
    }
    Object[] values = new Object[schema.size()];
    Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      int i = schema.indexOf(e.getKey());
      String name = where.isEmpty() ? e.getKey() : where + "." + e.getKey();
      if (i < 0) {
        throw new SchemaViolationException(name, -1, "unknown " + (where.isEmpty() ? "column" : "struct field")
            + "; expected one of " + schema.fieldNames() + ".");
      }
      StructField f = schema.field(i);
      values[i] = toValue(e.getValue(), f.type(), where.isEmpty() ? f.name() : where + "." + f.name());
    }
    // values are of the schema's Java types already; nullability is enforced by the writer
    return GenericRow.trusted(schema, values);
  }

  /** A JSON value as the Java value of {@code type}; fails naming {@code column}. */
  static Object toValue(JsonNode n, DataType type, String column) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (type instanceof StructType s) {
      return toRow(n, s, column);
    }
    if (type instanceof ArrayType a) {
      if (!n.isArray()) {
        throw wrong(column, type, n);
      }
      List<Object> out = new ArrayList<>(n.size());
      for (JsonNode e : n) {
        out.add(toValue(e, a.elementType(), column + "[]"));
      }
      return out;
    }
    if (type instanceof MapType m) {
      if (!n.isObject()) {
        throw wrong(column, type, n);
      }
      if (!(m.keyType() instanceof PrimitiveType || m.keyType() instanceof DecimalType)) {
        throw new SchemaViolationException(column, -1, "map keys of type " + m.keyType().simpleString()
            + " cannot be written from JSON (object keys are text).");
      }
      Map<Object, Object> out = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        out.put(InputValues.parse(m.keyType(), checkUnicode(e.getKey(), column + ".key"), column + ".key"),
            toValue(e.getValue(), m.valueType(), column + ".value"));
      }
      return out;
    }
    if (n.isTextual()) {
      String text = checkUnicode(n.asText(), column);
      if (type == PrimitiveType.BINARY) {
        try {
          return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
          throw new SchemaViolationException(column, -1, "binary values in JSON are base64 text; '"
              + abbreviate(text) + "' is not valid base64.");
        }
      }
      return InputValues.parse(type, text, column);
    }
    if (type instanceof DecimalType d && n.isNumber()) {
      return Values.convert(d, n.decimalValue(), column);
    }
    if (type instanceof PrimitiveType p) {
      if (p.isIntegral() && n.isIntegralNumber()) {
        return Values.convert(p, integral(n.bigIntegerValue(), column, p), column);
      }
      if (p.isIntegral() && n.isNumber()) {
        throw InputValues.notWhole(p, n.decimalValue(),
            n instanceof JsonText.FractionNode f ? f.text : n.decimalValue().toString(), column);
      }
      if ((p == PrimitiveType.FLOAT || p == PrimitiveType.DOUBLE) && n.isNumber()) {
        // the digits as written: correctly rounded once, -0.0 kept, overflow refused (not Infinity)
        String text = n instanceof JsonText.FractionNode f ? f.text
            : n.isBigDecimal() ? n.decimalValue().toString() : n.asText();
        return InputValues.floating(p, text, column);
      }
      if (p == PrimitiveType.BOOLEAN && n.isBoolean()) {
        return n.booleanValue();
      }
    }
    throw wrong(column, type, n);
  }

  /**
   * JSON's \\uD800-style escapes can spell half of a UTF-16 pair, which is no character: UTF-8 (Parquet's
   * string encoding) cannot store it, and Java would write '?' instead. Refused rather than altered.
   */
  static String checkUnicode(String s, String column) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new SchemaViolationException(column, -1, String.format("text has a lone surrogate \\u%04X at "
            + "character %d (half of a UTF-16 pair, not a character); it cannot be stored as UTF-8.", (int) c, i + 1));
      }
    }
    return s;
  }

  private static Object integral(BigInteger b, String column, PrimitiveType p) {
    if (b.bitLength() >= 64) {
      throw new SchemaViolationException(column, -1, b + " is out of range for " + p.simpleString() + ".");
    }
    long l = b.longValue();
    return switch (p) {
      case BYTE -> checkRange(l, Byte.MIN_VALUE, Byte.MAX_VALUE, column, p);
      case SHORT -> checkRange(l, Short.MIN_VALUE, Short.MAX_VALUE, column, p);
      case INTEGER -> checkRange(l, Integer.MIN_VALUE, Integer.MAX_VALUE, column, p);
      default -> l;
    };
  }

  private static long checkRange(long l, long min, long max, String column, PrimitiveType p) {
    if (l < min || l > max) {
      throw new SchemaViolationException(column, -1, l + " is out of range for " + p.simpleString() + ".");
    }
    return l;
  }

  private static SchemaViolationException wrong(String column, DataType type, JsonNode n) {
    return new SchemaViolationException(column, -1, "expected " + type.simpleString() + " but got "
        + kind(n) + " " + abbreviate(n.toString()) + ".");
  }

  private static String kind(JsonNode n) {
    return switch (n.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case BOOLEAN -> "a boolean";
      case NUMBER -> "a number";
      default -> n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }

  /** Writes a row as one JSON object (no newline). */
  static void writeRow(JsonGenerator g, Row row) throws IOException {
    StructType s = row.schema();
    g.writeStartObject();
    for (int i = 0; i < s.size(); i++) {
      g.writeFieldName(s.field(i).name());
      writeValue(g, s.field(i).type(), row.get(i));
    }
    g.writeEndObject();
  }

  static void writeValue(JsonGenerator g, DataType type, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (type instanceof StructType) {
      writeRow(g, (Row) v);
    } else if (type instanceof ArrayType a) {
      g.writeStartArray();
      for (Object e : (List<?>) v) {
        writeValue(g, a.elementType(), e);
      }
      g.writeEndArray();
    } else if (type instanceof MapType m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        g.writeFieldName(TextValues.plain(m.keyType(), e.getKey()));
        writeValue(g, m.valueType(), e.getValue());
      }
      g.writeEndObject();
    } else if (type instanceof DecimalType) {
      g.writeNumber((BigDecimal) v);
    } else {
      switch ((PrimitiveType) type) {
        case BOOLEAN -> g.writeBoolean((Boolean) v);
        case BYTE, SHORT, INTEGER -> g.writeNumber(((Number) v).intValue());
        case LONG -> g.writeNumber((Long) v);
        case FLOAT -> {
          float f = (Float) v;
          if (Float.isFinite(f)) {
            g.writeNumber(f);
          } else {
            g.writeString(Float.toString(f)); // JSON has no NaN/Infinity; Values.parse reads these back
          }
        }
        case DOUBLE -> {
          double d = (Double) v;
          if (Double.isFinite(d)) {
            g.writeNumber(d);
          } else {
            g.writeString(Double.toString(d));
          }
        }
        case BINARY -> g.writeBinary((byte[]) v);
        default -> g.writeString(TextValues.plain(type, v));
      }
    }
  }
}
