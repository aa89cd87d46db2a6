package io.tidelake.table.internal.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Free-form JSON as plain Java values (ordered Map, List, String, Long/BigInteger, Double/BigDecimal,
 * Boolean, null), read and written with the streaming API. Used for the parts of the log whose shape the
 * protocol leaves open: commitInfo and the embedded V2 checkpoint of {@code _last_checkpoint}.
 */
public final class PlainJson {
  /**
   * The one factory of the codec. Factories are thread-safe and expensive to build, parsers cheap. The
   * string length limit is raised from Jackson's 20M chars: a huge schemaString must not make a table
   * that delta-spark reads unreadable here, and the line is already in memory anyway.
   */
  static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
          .build();

  private PlainJson() {}

  /**
   * Reads the value at the parser's current token (which must be a value start) and leaves the parser on
   * its last token.
   */
  public static Object read(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      throw new IOException("expected a JSON value, found end of input");
    }
    switch (t) {
      case START_OBJECT:
        return readObjectBody(p);
      case START_ARRAY:
        List<Object> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(read(p));
        }
        return Collections.unmodifiableList(list);
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            ? p.getBigIntegerValue()
            : (Object) p.getLongValue();
      case VALUE_NUMBER_FLOAT:
        double d = p.getDoubleValue();
        // Keep the exact text when a double cannot hold the number at all.
        return Double.isInfinite(d) ? p.getDecimalValue() : (Object) d;
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IOException("unexpected JSON token " + t);
    }
  }

  /** Reads an object whose START_OBJECT is the current token, keeping key order. */
  public static Map<String, Object> readObjectBody(JsonParser p) throws IOException {
    Map<String, Object> map = new LinkedHashMap<>();
    String key;
    while ((key = p.nextFieldName()) != null) {
      p.nextToken();
      map.put(key, read(p));
    }
    if (p.currentToken() != JsonToken.END_OBJECT) {
      throw new IOException("expected a field name or '}', found " + p.currentToken());
    }
    return Collections.unmodifiableMap(map);
  }

  public static void write(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof Double || v instanceof Float) {
      g.writeNumber(((Number) v).doubleValue());
    } else if (v instanceof BigInteger b) {
      g.writeNumber(b);
    } else if (v instanceof BigDecimal b) {
      g.writeNumber(b);
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof Iterable<?> it) {
      g.writeStartArray();
      for (Object item : it) {
        write(g, item);
      }
      g.writeEndArray();
    } else {
      throw new IllegalArgumentException("not a plain JSON value: " + v.getClass().getName());
    }
  }

  /** The compact JSON text of a plain value, e.g. {@code {"a":[1,2]}} or {@code 12}. */
  public static String toJsonText(Object v) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, v);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen with a StringWriter
    }
    return out.toString();
  }
}
