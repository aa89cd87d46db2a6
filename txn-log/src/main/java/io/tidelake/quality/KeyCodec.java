package io.tidelake.quality;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes for the keys a uniqueness check compares (values normalised by {@link ValueDomain}, or lists of
 * them for compound keys), for spilling: two keys are {@code equals} exactly when their bytes are equal,
 * and {@link #decode} gives the key back. Doubles are compared by their bits, as {@code Double.equals}
 * does; strings by their UTF-16 units, as {@code String.equals} does (no lossy UTF-8 for lone surrogates).
 */
final class KeyCodec {
  private static final int NULL = 0;
  private static final int LONG = 1;
  private static final int DOUBLE = 2;
  private static final int DECIMAL = 3;
  private static final int STRING = 4;
  private static final int BOOLEAN = 5;
  private static final int DATE = 6;
  private static final int INSTANT = 7;
  private static final int LOCAL_DATE_TIME = 8;
  private static final int BYTES = 9;
  private static final int LIST = 10;

  private KeyCodec() {}

  /** Whether every value of these domains can be encoded (complex columns cannot: they are not spilled). */
  static boolean encodable(ValueDomain[] domains) {
    for (ValueDomain d : domains) {
      if (d.kind == ValueDomain.Kind.OTHER) {
        return false;
      }
    }
    return true;
  }

  static byte[] encode(Object key) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      write(out, key);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
    return bytes.toByteArray();
  }

  private static void write(DataOutputStream out, Object v) throws IOException {
    if (v == null) {
      out.writeByte(NULL);
    } else if (v instanceof Long l) {
      out.writeByte(LONG);
      out.writeLong(l);
    } else if (v instanceof Double d) {
      out.writeByte(DOUBLE);
      out.writeLong(Double.doubleToLongBits(d));
    } else if (v instanceof BigDecimal d) {
      out.writeByte(DECIMAL);
      out.writeInt(d.scale());
      byte[] u = d.unscaledValue().toByteArray();
      out.writeInt(u.length);
      out.write(u);
    } else if (v instanceof String s) {
      out.writeByte(STRING);
      out.writeInt(s.length());
      out.writeChars(s);
    } else if (v instanceof Boolean b) {
      out.writeByte(BOOLEAN);
      out.writeBoolean(b);
    } else if (v instanceof LocalDate d) {
      out.writeByte(DATE);
      out.writeLong(d.toEpochDay());
    } else if (v instanceof Instant i) {
      out.writeByte(INSTANT);
      out.writeLong(i.getEpochSecond());
      out.writeInt(i.getNano());
    } else if (v instanceof LocalDateTime t) {
      out.writeByte(LOCAL_DATE_TIME);
      out.writeLong(t.toEpochSecond(ZoneOffset.UTC));
      out.writeInt(t.getNano());
    } else if (v instanceof ByteBuffer b) {
      out.writeByte(BYTES);
      ByteBuffer d = b.duplicate();
      out.writeInt(d.remaining());
      byte[] a = new byte[d.remaining()];
      d.get(a);
      out.write(a);
    } else if (v instanceof List<?> l) {
      out.writeByte(LIST);
      out.writeInt(l.size());
      for (Object x : l) {
        write(out, x);
      }
    } else {
      throw new IllegalArgumentException("cannot spill a key of " + v.getClass().getName());
    }
  }

  static Object decode(byte[] key) {
    try {
      return read(new DataInputStream(new java.io.ByteArrayInputStream(key)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object read(DataInputStream in) throws IOException {
    int tag = in.readByte();
    switch (tag) {
      case NULL:
        return null;
      case LONG:
        return in.readLong();
      case DOUBLE:
        return Double.longBitsToDouble(in.readLong());
      case DECIMAL: {
        int scale = in.readInt();
        byte[] u = new byte[in.readInt()];
        in.readFully(u);
        return new BigDecimal(new BigInteger(u), scale);
      }
      case STRING: {
        char[] c = new char[in.readInt()];
        for (int i = 0; i < c.length; i++) {
          c[i] = in.readChar();
        }
        return new String(c);
      }
      case BOOLEAN:
        return in.readBoolean();
      case DATE:
        return LocalDate.ofEpochDay(in.readLong());
      case INSTANT:
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
      case LOCAL_DATE_TIME:
        return LocalDateTime.ofEpochSecond(in.readLong(), in.readInt(), ZoneOffset.UTC);
      case BYTES: {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return ByteBuffer.wrap(b);
      }
      case LIST: {
        int n = in.readInt();
        List<Object> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          l.add(read(in));
        }
        return l;
      }
      default:
        throw new IOException("unknown key tag " + tag);
    }
  }

  /** A rough size in bytes of {@code key} held in a hash map entry (object headers, fields, array). */
  static long heapEstimate(Object key) {
    if (key instanceof String s) {
      return 56 + 2L * s.length();
    }
    if (key instanceof List<?> l) {
      long n = 40 + 8L * l.size();
      for (Object x : l) {
        n += x == null ? 0 : heapEstimate(x);
      }
      return n;
    }
    if (key instanceof BigDecimal d) {
      return 64 + d.unscaledValue().bitLength() / 8;
    }
    if (key instanceof ByteBuffer b) {
      return 64 + b.remaining();
    }
    return 24;
  }
}
