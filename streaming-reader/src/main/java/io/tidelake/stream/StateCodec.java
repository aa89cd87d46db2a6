package io.tidelake.stream;

import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.PrimitiveType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Base64;

/**
 * Values of window state as text, decoded by their column type: state files are JSON, portable between
 * machines and versions (no Java serialization).
 */
final class StateCodec {
  private StateCodec() {}

  static String encode(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Instant i) {
      return String.valueOf(Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000));
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof byte[] b) {
      return Base64.getEncoder().encodeToString(b);
    }
    return v.toString();
  }

  static Object decode(String s, DataType t) {
    if (s == null) {
      return null;
    }
    if (t instanceof DecimalType) {
      return new BigDecimal(s);
    }
    if (!(t instanceof PrimitiveType p)) {
      throw new NotYetSupportedException("Window state of type " + t.simpleString() + " is not supported yet");
    }
    return switch (p) {
      case BOOLEAN -> Boolean.valueOf(s);
      case BYTE -> Byte.valueOf(s);
      case SHORT -> Short.valueOf(s);
      case INTEGER -> Integer.valueOf(s);
      case LONG -> Long.valueOf(s);
      case FLOAT -> Float.valueOf(s);
      case DOUBLE -> Double.valueOf(s);
      case STRING -> s;
      case BINARY -> Base64.getDecoder().decode(s);
      case DATE -> LocalDate.parse(s);
      case TIMESTAMP -> {
        long micros = Long.parseLong(s);
        yield Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
      }
      case TIMESTAMP_NTZ -> LocalDateTime.parse(s);
    };
  }
}
