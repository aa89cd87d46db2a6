package io.tidelake.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * One JSON text parsed into a tree that keeps each fractional number as written. Jackson's tree holds
 * them as BigDecimal (exact digits for decimal columns) or double, and either way a float column would
 * lose something: BigDecimal has no -0.0, and going through double rounds a float twice. Syntax errors
 * carry the column and a message without Jackson's source excerpt.
 */
final class JsonText {
  /** A fractional JSON number: its exact decimal value and the text it was written as. */
  static final class FractionNode extends DecimalNode {
    private static final long serialVersionUID = 1L;
    final String text;

    FractionNode(BigDecimal v, String text) {
      super(v);
      this.text = text;
    }
  }

  /** Not JSON, at a 1-based column of the text. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;
    final int column;

    Invalid(String message, int column) {
      super(message);
      this.column = column;
    }
  }

  private JsonText() {}

  static JsonNode parse(String text) throws Invalid {
    try (JsonParser p = JsonValues.factory().createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new Invalid("no JSON value", 1);
      }
      JsonNode root = value(p, t);
      if (p.nextToken() != null) {
        throw new Invalid("more than one JSON value (one per line)", p.currentTokenLocation().getColumnNr());
      }
      return root;
    } catch (JsonProcessingException e) {
      int col = e.getLocation() == null ? 1 : e.getLocation().getColumnNr();
      throw new Invalid(clean(e.getOriginalMessage()), col);
    } catch (IOException e) {
      throw new IllegalStateException(e); // a String source has no I/O
    }
  }

  private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
    JsonNodeFactory nf = JsonNodeFactory.instance;
    switch (t) {
      case START_OBJECT: {
        ObjectNode o = nf.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          o.set(name, value(p, p.nextToken()));
        }
        return o;
      }
      case START_ARRAY: {
        ArrayNode a = nf.arrayNode();
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
          a.add(value(p, e));
        }
        return a;
      }
      case VALUE_STRING:
        return TextNode.valueOf(p.getText());
      case VALUE_NUMBER_INT:
        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            ? BigIntegerNode.valueOf(p.getBigIntegerValue()) : LongNode.valueOf(p.getLongValue());
      case VALUE_NUMBER_FLOAT:
        return new FractionNode(p.getDecimalValue(), p.getText());
      case VALUE_TRUE:
        return BooleanNode.TRUE;
      case VALUE_FALSE:
        return BooleanNode.FALSE;
      case VALUE_NULL:
        return NullNode.instance;
      default:
        throw new IllegalStateException("unexpected JSON token " + t);
    }
  }

  /** Jackson's message without its " at [Source: ...; line: 1, column: 5]" excerpt (internals, not news). */
  static String clean(String message) {
    String m = TideCli.oneLine(message);
    int src = m.indexOf("[Source:");
    if (src >= 0) {
      m = m.substring(0, src).replaceAll("\\s*\\(?[A-Za-z ]*\\bat\\s*$", "").strip();
    }
    // "(code 44)" is the character's number, which the quoted character beside it already shows
    return m.replaceAll(" \\(code -?\\d+\\)", "").replace("Unexpected end-of-input", "the line ends too early");
  }
}
