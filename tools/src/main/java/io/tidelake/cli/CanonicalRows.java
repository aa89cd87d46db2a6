package io.tidelake.cli;

import io.tidelake.format.Row;
import io.tidelake.format.types.ArrayType;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.MapType;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The canonical row text of the golden-table contract (/work/shared/golden/README.md, "Canonical rows"):
 * one line per row, {@code {"col":value,...}} over every column of the row's schema in schema order,
 * lines sorted by String natural order, hashed with SHA-256 over each line plus "\n". It is
 * deliberately not JSON in every detail (decimals unquoted at column scale, {@code 0x} binary,
 * {@code map{k=>v}}) because it must reproduce, byte for byte, the hashes computed by Delta Kernel.
 */
public final class CanonicalRows {
  // 'u' (proleptic year), not 'y' (year of era): identical for years 1..9999, and no era flip before year 1
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIMESTAMP_NTZ = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS");
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd");
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private CanonicalRows() {}

  /** One row as its canonical line. Types come from the row's schema (decimals need the column scale). */
  public static String render(Row row) {
    StringBuilder sb = new StringBuilder(128);
    appendStruct(sb, row.schema(), row);
    return sb.toString();
  }

  /** Renders every row and sorts the lines (String natural order). The iterator is not closed here. */
  public static List<String> renderSorted(Iterator<Row> rows) {
    List<String> lines = new ArrayList<>();
    while (rows.hasNext()) {
      lines.add(render(rows.next()));
    }
    Collections.sort(lines);
    return lines;
  }

  /** SHA-256 over each line followed by "\n" (UTF-8), as lowercase hex. */
  public static String sha256(List<String> sortedLines) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
    for (String line : sortedLines) {
      md.update(line.getBytes(StandardCharsets.UTF_8));
      md.update((byte) '\n');
    }
    return hex(md.digest());
  }

  private static void appendStruct(StringBuilder sb, StructType type, Row row) {
    sb.append('{');
    List<StructField> fields = type.fields();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      appendString(sb, fields.get(i).name());
      sb.append(':');
      appendValue(sb, fields.get(i).type(), row.get(i));
    }
    sb.append('}');
  }

  private static void appendValue(StringBuilder sb, DataType type, Object v) {
    if (v == null) {
      sb.append("null");
    } else if (type instanceof DecimalType d) {
      sb.append(((BigDecimal) v).setScale(d.scale()).toPlainString());
    } else if (type instanceof StructType s) {
      appendStruct(sb, s, (Row) v);
    } else if (type instanceof ArrayType a) {
      sb.append('[');
      boolean first = true;
      for (Object e : (List<?>) v) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        appendValue(sb, a.elementType(), e);
      }
      sb.append(']');
    } else if (type instanceof MapType m) {
      appendMap(sb, m, (Map<?, ?>) v);
    } else {
      appendPrimitive(sb, (PrimitiveType) type, v);
    }
  }

  private static void appendMap(StringBuilder sb, MapType m, Map<?, ?> map) {
    // entries sorted by the rendered key, so the line does not depend on the map's iteration order
    List<String[]> entries = new ArrayList<>(map.size());
    for (Map.Entry<?, ?> e : map.entrySet()) {
      StringBuilder k = new StringBuilder();
      appendValue(k, m.keyType(), e.getKey());
      StringBuilder val = new StringBuilder();
      appendValue(val, m.valueType(), e.getValue());
      entries.add(new String[] {k.toString(), val.toString()});
    }
    entries.sort((x, y) -> x[0].compareTo(y[0]));
    sb.append("map{");
    for (int i = 0; i < entries.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(entries.get(i)[0]).append("=>").append(entries.get(i)[1]);
    }
    sb.append('}');
  }

  private static void appendPrimitive(StringBuilder sb, PrimitiveType p, Object v) {
    switch (p) {
      case BOOLEAN, BYTE, SHORT, INTEGER, LONG -> sb.append(v);
      // Float.toString / Double.toString: 1.0, NaN, Infinity, 1.0E-5 (the contract's exact spelling)
      case FLOAT -> sb.append(Float.toString((Float) v));
      case DOUBLE -> sb.append(Double.toString((Double) v));
      case STRING -> appendString(sb, (String) v);
      case BINARY -> sb.append("0x").append(hex((byte[]) v));
      case DATE -> sb.append('"').append(DATE.format((LocalDate) v)).append('"');
      case TIMESTAMP -> sb.append('"').append(TIMESTAMP.format((Instant) v)).append('"');
      case TIMESTAMP_NTZ -> sb.append('"').append(TIMESTAMP_NTZ.format((LocalDateTime) v)).append('"');
      default -> throw new IllegalStateException("unhandled type " + p);
    }
  }

  /** A JSON string: escapes {@code "} {@code \} \n \r \t and other chars below 0x20 as {@code \}u00XX. */
  static void appendString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[bytes[i] & 0xf];
    }
    return new String(out);
  }
}
