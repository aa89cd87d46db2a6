package io.tidelake.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.PrimitiveType;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Values as plain text: what {@code cat --format csv} prints, what map keys become in JSON, and the
 * cells of {@code cat --format table}. Primitive text is what {@link io.tidelake.format.Values#parse}
 * reads back (so csv output can be written again); nested values are their JSON text.
 */
final class TextValues {
  private TextValues() {}

  /** Text of a non-null value: numbers as Java prints them, ISO dates/timestamps, binary as UTF-8. */
  static String plain(DataType type, Object v) {
    if (v == null) {
      return "";
    }
    if (type instanceof DecimalType) {
      return ((BigDecimal) v).toPlainString();
    }
    if (type instanceof PrimitiveType p) {
      // binary as UTF-8 text mirrors Values.parse (csv input); bytes that are not UTF-8 do not round-trip
      return p == PrimitiveType.BINARY ? new String((byte[]) v, StandardCharsets.UTF_8) : v.toString();
    }
    return json(type, v);
  }

  /** A value as compact JSON text (for nested values in csv and table output). */
  static String json(DataType type, Object v) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JsonValues.factory().createGenerator(w)) {
      JsonValues.writeValue(g, type, v);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  /** A cell of the aligned table: null shown as "null", binary as 0x hex, control characters escaped. */
  static String display(DataType type, Object v) {
    if (v == null) {
      return "null";
    }
    if (type == PrimitiveType.BINARY) {
      return "0x" + CanonicalRows.hex((byte[]) v);
    }
    String s = plain(type, v);
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20) {
        if (sb == null) {
          sb = new StringBuilder(s.length() + 8).append(s, 0, i);
        }
        sb.append(c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r" : String.format("\\u%04x", (int) c));
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? s : sb.toString();
  }

  /** A csv cell (RFC 4180): quoted when it holds a comma, quote, CR/LF, or edge spaces, or is empty text. */
  static String csvCell(DataType type, Object v) {
    if (v == null) {
      return ""; // an empty unquoted cell is null; an empty string is written as ""
    }
    String s = plain(type, v);
    boolean quote = s.isEmpty() || !s.strip().equals(s);
    for (int i = 0; i < s.length() && !quote; i++) {
      char c = s.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }
}
