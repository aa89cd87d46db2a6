package io.tidelake.format.types;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Delta schema JSON ({@code metaData.schemaString}) in both directions: Spark's StructType JSON,
 * {@code {"type":"struct","fields":[{"name","type","nullable","metadata"}]}}. Field metadata is kept
 * verbatim. Schemas are parsed once per metadata change, so the tree model is fine here.
 */
public final class SchemaJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  // Spark and Kernel write "decimal(10,2)"; the spec's own example has a space after the comma.
  private static final Pattern DECIMAL = Pattern.compile("decimal\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");

  private SchemaJson() {}

  public static StructType parse(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidSchemaException("Schema is not valid JSON: " + e.getOriginalMessage()
          + ". Expected Delta schema JSON such as {\"type\":\"struct\",\"fields\":[...]}.", e);
    }
    DataType t = parseType(root, "<schema>");
    if (!(t instanceof StructType s)) {
      throw new InvalidSchemaException("Schema JSON must be a struct at the top level, got " + t.simpleString() + ".");
    }
    return s;
  }

  /** Parses one data type node (a string for primitives, an object for nested types). */
  public static DataType parseType(JsonNode node, String where) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      throw new InvalidSchemaException("Missing type at " + where + ".");
    }
    if (node.isTextual()) {
      return parsePrimitive(node.asText(), where);
    }
    if (!node.isObject()) {
      throw new InvalidSchemaException("Type at " + where + " must be a string or an object, got: " + node);
    }
    String kind = text(node, "type", where);
    switch (kind) {
      case "struct": {
        JsonNode fieldsNode = node.get("fields");
        if (fieldsNode == null || !fieldsNode.isArray()) {
          throw new InvalidSchemaException("Struct at " + where + " has no 'fields' array.");
        }
        List<StructField> fields = new ArrayList<>();
        for (JsonNode f : fieldsNode) {
          String name = text(f, "name", where);
          String fieldWhere = where.equals("<schema>") ? name : where + "." + name;
          DataType type = parseType(f.get("type"), fieldWhere);
          boolean nullable = !f.has("nullable") || f.get("nullable").asBoolean(true);
          Map<String, Object> metadata = f.has("metadata") && f.get("metadata").isObject()
              ? toJavaMap((ObjectNode) f.get("metadata")) : Map.of();
          fields.add(new StructField(name, type, nullable, metadata));
        }
        return new StructType(fields);
      }
      case "array":
        return new ArrayType(parseType(node.get("elementType"), where + "[]"),
            !node.has("containsNull") || node.get("containsNull").asBoolean(true));
      case "map":
        return new MapType(parseType(node.get("keyType"), where + ".key"),
            parseType(node.get("valueType"), where + ".value"),
            !node.has("valueContainsNull") || node.get("valueContainsNull").asBoolean(true));
      default:
        // Spark's JSON also allows a primitive wrapped as {"type":"long"}; unusual but harmless to accept.
        return parsePrimitive(kind, where);
    }
  }

  /** A primitive or decimal type name; unknown names (variant, void, geometry) are refused with the column named. */
  public static DataType parsePrimitive(String name, String where) {
    Matcher m = DECIMAL.matcher(name.trim().toLowerCase(java.util.Locale.ROOT));
    if (m.matches()) {
      return new DecimalType(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }
    if (name.trim().equalsIgnoreCase("decimal")) {
      return new DecimalType(10, 0); // Spark's default precision and scale
    }
    PrimitiveType p = PrimitiveType.fromName(name);
    if (p == null) {
      throw new InvalidSchemaException("Unsupported data type '" + name + "' for column " + where
          + ". Tidelake supports boolean, byte, short, integer, long, float, double, decimal(p,s), string, binary, "
          + "date, timestamp, timestamp_ntz, struct, array and map.");
    }
    return p;
  }

  public static String toJson(StructType schema) {
    try {
      return MAPPER.writeValueAsString(toNode(schema));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode toNode(DataType type) {
    if (type instanceof PrimitiveType || type instanceof DecimalType) {
      return MAPPER.getNodeFactory().textNode(type.simpleString());
    }
    ObjectNode node = MAPPER.createObjectNode();
    if (type instanceof StructType s) {
      node.put("type", "struct");
      ArrayNode fields = node.putArray("fields");
      for (StructField f : s.fields()) {
        ObjectNode fn = fields.addObject();
        fn.put("name", f.name());
        fn.set("type", toNode(f.type()));
        fn.put("nullable", f.nullable());
        fn.set("metadata", MAPPER.valueToTree(f.metadata()));
      }
    } else if (type instanceof ArrayType a) {
      node.put("type", "array");
      node.set("elementType", toNode(a.elementType()));
      node.put("containsNull", a.containsNull());
    } else if (type instanceof MapType m) {
      node.put("type", "map");
      node.set("keyType", toNode(m.keyType()));
      node.set("valueType", toNode(m.valueType()));
      node.put("valueContainsNull", m.valueContainsNull());
    }
    return node;
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new InvalidSchemaException("Schema element at " + where + " is missing the string field '" + field + "': " + node);
    }
    return v.asText();
  }

  private static Map<String, Object> toJavaMap(ObjectNode node) {
    Map<String, Object> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), MAPPER.convertValue(e.getValue(), Object.class));
    }
    return out;
  }
}
