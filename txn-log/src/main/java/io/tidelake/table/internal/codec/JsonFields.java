package io.tidelake.table.internal.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of the value at the parser's current token, with the leniency real logs need and the
 * strictness that keeps garbage out:
 *
 * <ul>
 *   <li>integers may come as any JSON integer, as an integral float ({@code 12.0}, {@code 1.2E1}) or as
 *       a numeric string (databind-based writers coerce, so we accept what they accept);
 *   <li>string maps accept JSON null values and scalar values (rendered as text), never containers;
 *   <li>JSON null reads as "absent" (Java null) for every field; required-ness is checked by the caller.
 * </ul>
 *
 * Every mismatch throws {@link MalformedActionException} naming the field as {@code action.field}.
 */
final class JsonFields {
  private JsonFields() {}

  static String string(JsonParser p, String field) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    throw wrongType(field, "a string", t);
  }

  static Long longValue(JsonParser p, String field) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case VALUE_NUMBER_INT:
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          throw new MalformedActionException(
              "field '" + field + "' is out of range for a long: " + p.getText());
        }
        return p.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return exactLong(p.getDecimalValue(), field, p.getText());
      case VALUE_STRING:
        try {
          return exactLong(new BigDecimal(p.getText().trim()), field, p.getText());
        } catch (NumberFormatException e) {
          throw new MalformedActionException(
              "field '" + field + "' must be a number, found the string \"" + p.getText() + "\"");
        }
      case VALUE_NULL:
        return null;
      default:
        throw wrongType(field, "a number", t);
    }
  }

  static Integer intValue(JsonParser p, String field) throws IOException {
    Long v = longValue(p, field);
    if (v == null) {
      return null;
    }
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new MalformedActionException("field '" + field + "' is out of range for an int: " + v);
    }
    return v.intValue();
  }

  static Boolean bool(JsonParser p, String field) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_TRUE) {
      return Boolean.TRUE;
    }
    if (t == JsonToken.VALUE_FALSE) {
      return Boolean.FALSE;
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    throw wrongType(field, "true or false", t);
  }

  /** A map<string,string>; keeps order, JSON null values and empty strings exactly as written. */
  static Map<String, String> stringMap(JsonParser p, String field) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.START_OBJECT) {
      throw wrongType(field, "an object", t);
    }
    Map<String, String> map = new LinkedHashMap<>();
    String key;
    while ((key = p.nextFieldName()) != null) {
      JsonToken v = p.nextToken();
      if (v == JsonToken.VALUE_NULL) {
        map.put(key, null);
      } else if (v.isScalarValue()) {
        map.put(key, p.getText());
      } else {
        throw wrongType(field + "." + key, "a string", v);
      }
    }
    return map;
  }

  /** An array<string> without null elements (feature names, partition columns). */
  static List<String> stringList(JsonParser p, String field) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.START_ARRAY) {
      throw wrongType(field, "an array of strings", t);
    }
    List<String> list = new ArrayList<>();
    JsonToken v;
    while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
      if (v != JsonToken.VALUE_STRING) {
        throw wrongType(field + "[" + list.size() + "]", "a string", v);
      }
      list.add(p.getText());
    }
    return list;
  }

  /** Fails unless the current token starts an object (the parser is not moved). */
  static void expectObject(JsonParser p, String field) {
    JsonToken t = p.currentToken();
    if (t != JsonToken.START_OBJECT) {
      throw wrongType(field, "an object", t);
    }
  }

  /** A required field of an action, e.g. {@code required(path, "add", "path")}. */
  static <T> T required(T value, String action, String field) {
    if (value == null) {
      throw missing(action + " action", field);
    }
    return value;
  }

  /** For nested structs, e.g. {@code add.deletionVector is missing required field 'cardinality'}. */
  static <T> T requiredIn(T value, String struct, String field) {
    if (value == null) {
      throw missing(struct, field);
    }
    return value;
  }

  /** {@code owner} is e.g. "add action" or "add.deletionVector". */
  static MalformedActionException missing(String owner, String field) {
    return new MalformedActionException(owner + " is missing required field '" + field + "'");
  }

  static MalformedActionException wrongType(String field, String expected, JsonToken found) {
    return new MalformedActionException(
        "field '" + field + "' must be " + expected + ", found " + describe(found));
  }

  static String describe(JsonToken t) {
    if (t == null) {
      return "end of input";
    }
    switch (t) {
      case START_OBJECT:
        return "an object";
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return t.toString();
    }
  }

  private static long exactLong(BigDecimal d, String field, String text) {
    try {
      return d.longValueExact();
    } catch (ArithmeticException e) {
      throw new MalformedActionException(
          "field '" + field + "' must be an integer that fits a long, found " + text);
    }
  }
}
