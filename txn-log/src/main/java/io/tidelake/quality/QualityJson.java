package io.tidelake.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigDecimal;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Suites and results as plain Java values (ordered Map, List, String, Long, BigDecimal, Boolean, null),
 * read and written with Jackson. Decimals stay exact so that {@code mostly: 0.95} means 0.95.
 */
final class QualityJson {
  static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

  private QualityJson() {}

  static Object parse(String json, String what) {
    try {
      return plain(MAPPER.readTree(json));
    } catch (JsonProcessingException e) {
      throw new InvalidExpectationSuiteException(-1, null, null, what + " is not valid JSON: "
          + e.getOriginalMessage());
    }
  }

  static Object plain(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    if (n.isObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        m.put(e.getKey(), plain(e.getValue()));
      }
      return m;
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>();
      n.forEach(x -> l.add(plain(x)));
      return l;
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isIntegralNumber()) {
      return n.canConvertToLong() ? (Object) n.longValue() : new BigDecimal(n.bigIntegerValue());
    }
    if (n.isNumber()) {
      return n.decimalValue();
    }
    return n.asText();
  }

  /** A row value as JSON can carry it: numbers and booleans as they are, dates and times as ISO text. */
  static Object jsonValue(Object v) {
    if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String) {
      if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
        return d.toString();
      }
      if (v instanceof Float f && (f.isNaN() || f.isInfinite())) {
        return f.toString();
      }
      return v;
    }
    if (v instanceof byte[] b) {
      return Base64.getEncoder().encodeToString(b);
    }
    if (v instanceof Temporal) {
      return v.toString();
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(jsonValue(x)));
      return out;
    }
    return v.toString();
  }

  static String write(Object value, boolean pretty) {
    try {
      return pretty ? MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value)
          : MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serializes", e);
    }
  }
}
