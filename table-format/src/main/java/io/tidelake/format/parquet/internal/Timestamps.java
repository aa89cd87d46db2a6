package io.tidelake.format.parquet.internal;

import io.tidelake.format.parquet.CorruptDataFileException;
import io.tidelake.format.parquet.UnrepresentableValueException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;

/**
 * Exact decoding of Parquet's timestamp encodings into Delta's model, int64 microseconds since
 * 1970-01-01 (as Delta Kernel does): INT64 MILLIS and MICROS over their whole range where it fits the
 * model, NANOS (1677..2262) floored to microseconds, and INT96 (nanos of day + Julian day) computed in
 * microseconds so that no intermediate overflows (nanoseconds since 1970 overflow beyond 2262, which once
 * read 9999-12-31 as 1816). A value the model cannot hold is an {@link UnrepresentableValueException},
 * never a wrapped value.
 */
final class Timestamps {
  /** Julian day number of 1970-01-01. */
  static final long JULIAN_EPOCH_DAY = 2_440_588L;
  private static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final long NANOS_PER_DAY = 86_400_000_000_000L;

  private Timestamps() {}

  /** Microseconds since the epoch of an INT64 timestamp in {@code unit}. */
  static long micros(long v, TimeUnit unit, String filePath, String column) {
    switch (unit) {
      case MILLIS:
        if (v > Long.MAX_VALUE / 1000 || v < Long.MIN_VALUE / 1000) {
          throw outOfRange(filePath, column, "TIMESTAMP(MILLIS) value " + v);
        }
        return v * 1000;
      case MICROS:
        return v;
      default:
        return Math.floorDiv(v, 1000L); // Delta holds microseconds; Kernel floors nanos the same way
    }
  }

  /** Microseconds since the epoch of an INT96 timestamp: 8 bytes nanos of day, 4 bytes Julian day, little-endian. */
  static long int96Micros(Binary v, String filePath, String column) {
    if (v.length() != 12) {
      throw new CorruptDataFileException(filePath, "column '" + column + "' holds an INT96 value of "
          + v.length() + " bytes instead of 12", null);
    }
    ByteBuffer b = v.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    long nanosOfDay = b.getLong();
    long julianDay = b.getInt(); // signed, as Spark and Kernel read it
    if (nanosOfDay < 0 || nanosOfDay >= NANOS_PER_DAY) {
      throw new CorruptDataFileException(filePath, "column '" + column + "' holds an INT96 timestamp whose "
          + "nanoseconds of day (" + nanosOfDay + ") are outside 0.." + (NANOS_PER_DAY - 1), null);
    }
    long days = julianDay - JULIAN_EPOCH_DAY;
    try {
      return Math.addExact(Math.multiplyExact(days, MICROS_PER_DAY), nanosOfDay / 1000);
    } catch (ArithmeticException e) {
      throw outOfRange(filePath, column, "INT96 timestamp of Julian day " + julianDay);
    }
  }

  /** The Row value of a microsecond timestamp: an Instant, or a LocalDateTime for timestamp_ntz. */
  static Object value(long micros, boolean ntz) {
    long seconds = Math.floorDiv(micros, 1_000_000L);
    int nanos = (int) Math.floorMod(micros, 1_000_000L) * 1000;
    return ntz ? LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC) : Instant.ofEpochSecond(seconds, nanos);
  }

  private static UnrepresentableValueException outOfRange(String filePath, String column, String what) {
    return new UnrepresentableValueException(filePath, column, what + " is outside the range of Delta timestamps "
        + "(int64 microseconds since 1970-01-01, about 292,000 years either way)");
  }
}
