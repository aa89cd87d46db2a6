package io.tidelake.table.internal.checkpoint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tidelake.format.Row;
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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads {@code add.stats_parsed} from checkpoints that have it. Its type depends on the table (one field
 * per column, by physical name), so it is taken from the checkpoint file's own Parquet schema; the struct
 * is then turned back into the JSON form of {@code add.stats}, which is all the rest of Tidelake uses.
 * Needed for checkpoints written with {@code delta.checkpoint.writeStatsAsJson=false}, whose adds carry
 * their stats only as the struct (e.g. delta-rs {@code delta-1.2.1-only-struct-stats}).
 */
final class ParsedStatsReader {
  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TS_NTZ = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS");

  private ParsedStatsReader() {}

  /** The Delta type of the file's {@code add.stats_parsed} column, or null when the file has none. */
  static StructType statsType(MessageType checkpointSchema) {
    if (!checkpointSchema.containsField("add")) {
      return null;
    }
    GroupType add = checkpointSchema.getType("add").asGroupType();
    if (!add.containsField("stats_parsed") || add.getType("stats_parsed").isPrimitive()) {
      return null;
    }
    return struct(add.getType("stats_parsed").asGroupType());
  }

  /** A group of stats fields; fields of kinds stats never hold (lists, maps, binary) are left out. */
  private static StructType struct(GroupType g) {
    List<StructField> fields = new ArrayList<>();
    for (Type t : g.getFields()) {
      DataType d = t.isPrimitive() ? primitive(t.asPrimitiveType()) : t.getLogicalTypeAnnotation() == null
          ? struct(t.asGroupType()) : null;
      if (d != null) {
        fields.add(new StructField(t.getName(), d, true));
      }
    }
    return fields.isEmpty() ? null : new StructType(fields);
  }

  private static DataType primitive(org.apache.parquet.schema.PrimitiveType p) {
    LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
    if (a instanceof DecimalLogicalTypeAnnotation d) {
      return new DecimalType(d.getPrecision(), d.getScale());
    }
    switch (p.getPrimitiveTypeName()) {
      case BOOLEAN:
        return PrimitiveType.BOOLEAN;
      case INT32:
        if (a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          return PrimitiveType.DATE;
        }
        if (a instanceof IntLogicalTypeAnnotation i && i.getBitWidth() == 8) {
          return PrimitiveType.BYTE;
        }
        if (a instanceof IntLogicalTypeAnnotation i && i.getBitWidth() == 16) {
          return PrimitiveType.SHORT;
        }
        return PrimitiveType.INTEGER;
      case INT64:
        if (a instanceof TimestampLogicalTypeAnnotation t) {
          return t.isAdjustedToUTC() ? PrimitiveType.TIMESTAMP : PrimitiveType.TIMESTAMP_NTZ;
        }
        return PrimitiveType.LONG;
      case INT96:
        return PrimitiveType.TIMESTAMP;
      case FLOAT:
        return PrimitiveType.FLOAT;
      case DOUBLE:
        return PrimitiveType.DOUBLE;
      case BINARY:
        return a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation ? PrimitiveType.STRING : null;
      default:
        return null;
    }
  }

  /** The {@code add.stats} JSON of a {@code stats_parsed} row, in the encoding delta-spark writes. */
  static String toJson(Row statsParsed) {
    StringWriter out = new StringWriter(128);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      writeObject(g, statsParsed);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen writing to a StringWriter
    }
    return out.toString();
  }

  private static void writeObject(JsonGenerator g, Row r) throws IOException {
    g.writeStartObject();
    StructType s = r.schema();
    for (int i = 0; i < s.size(); i++) {
      Object v = r.get(i);
      if (v == null || (v instanceof Double d && !Double.isFinite(d)) || (v instanceof Float f && !Float.isFinite(f))) {
        continue; // unknown, or not representable as a JSON number: no bound is a safe bound
      }
      g.writeFieldName(s.field(i).name());
      if (v instanceof Row nested) {
        writeObject(g, nested);
      } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
        g.writeNumber(((Number) v).longValue());
      } else if (v instanceof Double || v instanceof Float) {
        g.writeNumber(((Number) v).doubleValue());
      } else if (v instanceof BigDecimal d) {
        g.writeNumber(d.toPlainString());
      } else if (v instanceof Boolean b) {
        g.writeBoolean(b);
      } else if (v instanceof Instant t) {
        g.writeString(TS.format(t));
      } else if (v instanceof LocalDateTime t) {
        g.writeString(TS_NTZ.format(t));
      } else if (v instanceof LocalDate d) {
        g.writeString(d.toString());
      } else {
        g.writeString(v.toString());
      }
    }
    g.writeEndObject();
  }
}
