package io.tidelake.merge.internal;

import io.tidelake.format.GenericRow;
import io.tidelake.format.Row;
import io.tidelake.format.types.ArrayType;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.MapType;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.StructType;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads source rows of a known schema to a spill file, value by value, driven by the column
 * types (so a nested struct comes back as a row of its struct type). Only the Java types a conformed row
 * holds occur; each value is preceded by a null flag.
 */
final class SpillCodec {
  private SpillCodec() {}

  static void writeRow(DataOutputStream out, StructType schema, Object[] values) throws IOException {
    for (int i = 0; i < values.length; i++) {
      write(out, schema.field(i).type(), values[i]);
    }
  }

  static Object[] readRow(DataInputStream in, StructType schema) throws IOException {
    Object[] v = new Object[schema.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = read(in, schema.field(i).type());
    }
    return v;
  }

  private static void write(DataOutputStream out, DataType type, Object v) throws IOException {
    out.writeBoolean(v != null);
    if (v == null) {
      return;
    }
    if (type instanceof PrimitiveType p) {
      switch (p) {
        case BOOLEAN -> out.writeBoolean((Boolean) v);
        case BYTE -> out.writeByte((Byte) v);
        case SHORT -> out.writeShort((Short) v);
        case INTEGER -> out.writeInt((Integer) v);
        case LONG -> out.writeLong((Long) v);
        case FLOAT -> out.writeFloat((Float) v);
        case DOUBLE -> out.writeDouble((Double) v);
        case STRING -> writeBytes(out, ((String) v).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        case BINARY -> writeBytes(out, (byte[]) v);
        case DATE -> out.writeLong(((LocalDate) v).toEpochDay());
        case TIMESTAMP -> {
          Instant t = (Instant) v;
          out.writeLong(t.getEpochSecond());
          out.writeInt(t.getNano());
        }
        case TIMESTAMP_NTZ -> {
          Instant t = ((LocalDateTime) v).toInstant(java.time.ZoneOffset.UTC);
          out.writeLong(t.getEpochSecond());
          out.writeInt(t.getNano());
        }
        default -> throw new IllegalStateException("MERGE spill: unsupported type " + p);
      }
    } else if (type instanceof DecimalType) {
      BigDecimal d = (BigDecimal) v;
      out.writeInt(d.scale());
      writeBytes(out, d.unscaledValue().toByteArray());
    } else if (type instanceof StructType s) {
      Row r = (Row) v;
      for (int i = 0; i < s.size(); i++) {
        write(out, s.field(i).type(), r.get(i));
      }
    } else if (type instanceof ArrayType a) {
      List<?> l = (List<?>) v;
      out.writeInt(l.size());
      for (Object e : l) {
        write(out, a.elementType(), e);
      }
    } else if (type instanceof MapType m) {
      Map<?, ?> map = (Map<?, ?>) v;
      out.writeInt(map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        write(out, m.keyType(), e.getKey());
        write(out, m.valueType(), e.getValue());
      }
    } else {
      throw new IllegalStateException("MERGE spill: unsupported type " + type);
    }
  }

  private static Object read(DataInputStream in, DataType type) throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    if (type instanceof PrimitiveType p) {
      return switch (p) {
        case BOOLEAN -> in.readBoolean();
        case BYTE -> in.readByte();
        case SHORT -> in.readShort();
        case INTEGER -> in.readInt();
        case LONG -> in.readLong();
        case FLOAT -> in.readFloat();
        case DOUBLE -> in.readDouble();
        case STRING -> new String(readBytes(in), java.nio.charset.StandardCharsets.UTF_8);
        case BINARY -> readBytes(in);
        case DATE -> LocalDate.ofEpochDay(in.readLong());
        case TIMESTAMP -> Instant.ofEpochSecond(in.readLong(), in.readInt());
        case TIMESTAMP_NTZ -> LocalDateTime.ofEpochSecond(in.readLong(), in.readInt(), java.time.ZoneOffset.UTC);
        default -> throw new IllegalStateException("MERGE spill: unsupported type " + p);
      };
    }
    if (type instanceof DecimalType) {
      int scale = in.readInt();
      return new BigDecimal(new BigInteger(readBytes(in)), scale);
    }
    if (type instanceof StructType s) {
      Object[] v = new Object[s.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = read(in, s.field(i).type());
      }
      return GenericRow.trusted(s, v);
    }
    if (type instanceof ArrayType a) {
      int n = in.readInt();
      List<Object> l = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        l.add(read(in, a.elementType()));
      }
      return l;
    }
    if (type instanceof MapType m) {
      int n = in.readInt();
      Map<Object, Object> map = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        Object k = read(in, m.keyType());
        map.put(k, read(in, m.valueType()));
      }
      return map;
    }
    throw new IllegalStateException("MERGE spill: unsupported type " + type);
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return b;
  }
}
