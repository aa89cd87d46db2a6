package io.tidelake.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.Row;
import io.tidelake.format.store.LocalObjectStore;
import io.tidelake.format.types.SchemaDdl;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.JulianFields;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every physical timestamp encoding, written by raw parquet-mr, at the edges of what it can hold: Delta
 * timestamps are int64 microseconds, so each value must read back exactly (floored to microseconds),
 * and a value the model cannot hold must fail naming file and column instead of wrapping (INT96 year 9999
 * once read as 1816 through a nanosecond overflow).
 */
class TimestampEncodingsTest {
  @TempDir
  Path dir;

  private final LocalObjectStore store = new LocalObjectStore();

  private static final Instant Y1 = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant NANOS_MIN = Instant.ofEpochSecond(0, Long.MIN_VALUE);
  private static final Instant NANOS_MAX = Instant.ofEpochSecond(0, Long.MAX_VALUE);
  private static final Instant Y9999 = Instant.parse("9999-12-31T23:59:59.999999999Z");
  private static final List<Instant> FULL_RANGE = List.of(Y1, NANOS_MIN, Instant.EPOCH.minusNanos(1),
      Instant.EPOCH, NANOS_MAX, Y9999);
  private static final List<Instant> NANOS_RANGE = List.of(NANOS_MIN, Instant.EPOCH.minusNanos(1), Instant.EPOCH,
      NANOS_MAX);

  /** INT96 as Spark/Impala write it, computed with java.time's Julian day field (independent of the reader). */
  private static Binary int96(Instant t) {
    LocalDateTime l = LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    long julianDay = l.toLocalDate().getLong(JulianFields.JULIAN_DAY);
    long nanosOfDay = l.toLocalTime().toNanoOfDay();
    return int96(nanosOfDay, (int) julianDay);
  }

  private static Binary int96(long nanosOfDay, int julianDay) {
    ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(nanosOfDay).putInt(julianDay);
    return Binary.fromConstantByteArray(b.array());
  }

  private static long nanos(Instant t) {
    return java.math.BigInteger.valueOf(t.getEpochSecond()).multiply(java.math.BigInteger.valueOf(1_000_000_000L))
        .add(java.math.BigInteger.valueOf(t.getNano())).longValueExact();
  }

  private static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  private String write(String physical, List<Instant> values, java.util.function.Function<Instant, Consumer<RecordConsumer>> field)
      throws IOException {
    String path = dir.resolve("ts-" + System.nanoTime() + ".parquet").toString();
    List<Consumer<RecordConsumer>> records = new ArrayList<>();
    for (Instant v : values) {
      Consumer<RecordConsumer> f = field.apply(v);
      records.add(rc -> RawParquetWriter.field(rc, "t", 0, () -> f.accept(rc)));
    }
    RawParquetWriter.write(store, path, "message m { optional " + (physical.contains(" t") ? physical : physical + " t") + "; }", records);
    return path;
  }

  /** Reads column t both as timestamp and as timestamp_ntz and checks each value against {@code expected}. */
  private void assertReads(String path, List<Instant> expected) {
    List<Row> asTs = DataFileReader.read(store, path, SchemaDdl.parse("t timestamp")).toList();
    List<Row> asNtz = DataFileReader.read(store, path, SchemaDdl.parse("t timestamp_ntz")).toList();
    assertThat(asTs).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      Instant e = expected.get(i);
      assertThat(asTs.get(i).getTimestamp("t")).as("row %d as timestamp", i).isEqualTo(e);
      assertThat(asNtz.get(i).getTimestampNtz("t")).as("row %d as timestamp_ntz", i)
          .isEqualTo(LocalDateTime.ofInstant(e, ZoneOffset.UTC));
    }
  }

  private static long unitNanos(ChronoUnit u) {
    return u == ChronoUnit.MILLIS ? 1_000_000L : 1000L;
  }

  private static Instant floor(Instant v, ChronoUnit unit) {
    return v.truncatedTo(ChronoUnit.SECONDS).plusNanos(v.getNano() / unitNanos(unit) * unitNanos(unit));
  }

  private static List<Instant> floorAll(List<Instant> values, ChronoUnit unit) {
    return values.stream().map(v -> floor(v, unit)).toList();
  }

  @Test
  void int96OverTheWholeRange() throws IOException {
    for (String physical : List.of("int96")) {
      String path = write(physical, FULL_RANGE, v -> rc -> rc.addBinary(int96(v)));
      assertReads(path, floorAll(FULL_RANGE, ChronoUnit.MICROS));
    }
    assertThat(floor(Y9999, ChronoUnit.MICROS)).hasToString("9999-12-31T23:59:59.999999Z");
  }

  @Test
  void int64MillisAndMicrosOverTheWholeRangeAdjustedOrNot() throws IOException {
    for (boolean utc : new boolean[] {true, false}) {
      String millis = write("int64 t (TIMESTAMP(MILLIS," + utc + "))", FULL_RANGE,
          v -> rc -> rc.addLong(Math.floorDiv(micros(v), 1000L)));
      assertReads(millis, floorAll(FULL_RANGE, ChronoUnit.MILLIS));
      String micros = write("int64 t (TIMESTAMP(MICROS," + utc + "))", FULL_RANGE, v -> rc -> rc.addLong(micros(v)));
      assertReads(micros, floorAll(FULL_RANGE, ChronoUnit.MICROS));
    }
    String bare = write("int64 t", FULL_RANGE, v -> rc -> rc.addLong(micros(v))); // old Spark: unannotated micros
    assertReads(bare, floorAll(FULL_RANGE, ChronoUnit.MICROS));
  }

  @Test
  void int64NanosAtItsBoundariesFlooredToMicros() throws IOException {
    for (boolean utc : new boolean[] {true, false}) {
      String path = write("int64 t (TIMESTAMP(NANOS," + utc + "))", NANOS_RANGE, v -> rc -> rc.addLong(nanos(v)));
      assertReads(path, floorAll(NANOS_RANGE, ChronoUnit.MICROS));
    }
    assertThat(floor(NANOS_MIN, ChronoUnit.MICROS)).hasToString("1677-09-21T00:12:43.145224Z");
    assertThat(floor(NANOS_MAX, ChronoUnit.MICROS)).hasToString("2262-04-11T23:47:16.854775Z");
  }

  @Test
  void millisBeyondTheMicrosecondRangeFailNamingFileAndColumn() throws IOException {
    String path = write("int64 t (TIMESTAMP(MILLIS,true))", List.of(Instant.EPOCH), v -> rc -> rc.addLong(Long.MAX_VALUE / 10));
    assertThatThrownBy(() -> DataFileReader.read(store, path, SchemaDdl.parse("t timestamp")).toList())
        .isInstanceOf(UnrepresentableValueException.class)
        .hasMessageContaining(path).hasMessageContaining("'t'").hasMessageContaining("TIMESTAMP(MILLIS)")
        .satisfies(e -> assertThat(((UnrepresentableValueException) e).column()).isEqualTo("t"));
  }

  @Test
  void int96BeyondTheMicrosecondRangeOrWithBadNanosFails() throws IOException {
    String far = write("int96", List.of(Instant.EPOCH), v -> rc -> rc.addBinary(int96(0, Integer.MAX_VALUE)));
    assertThatThrownBy(() -> DataFileReader.read(store, far, SchemaDdl.parse("t timestamp")).toList())
        .isInstanceOf(UnrepresentableValueException.class).hasMessageContaining(far).hasMessageContaining("INT96");
    String badNanos = write("int96", List.of(Instant.EPOCH), v -> rc -> rc.addBinary(int96(-1, 2_440_588)));
    assertThatThrownBy(() -> DataFileReader.read(store, badNanos, SchemaDdl.parse("t timestamp_ntz")).toList())
        .isInstanceOf(CorruptDataFileException.class).hasMessageContaining(badNanos)
        .hasMessageContaining("nanoseconds of day");
  }
}
