package io.tidelake.format.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.SchemaViolationException;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.PrimitiveType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class PartitionValuesTest {

  private static void roundTrip(DataType t, Object value, String text) {
    assertThat(PartitionValues.serialize(t, value)).isEqualTo(text);
    Object back = PartitionValues.deserialize(t, text);
    if (value instanceof byte[] b) {
      assertThat((byte[]) back).isEqualTo(b);
    } else {
      assertThat(back).isEqualTo(value);
    }
  }

  @Test
  void serializeAndDeserializeEachType() {
    roundTrip(PrimitiveType.STRING, "a/b=c", "a/b=c");
    roundTrip(PrimitiveType.STRING, "null", "null"); // the literal string, not NULL
    roundTrip(PrimitiveType.INTEGER, 42, "42");
    roundTrip(PrimitiveType.LONG, -7L, "-7");
    roundTrip(PrimitiveType.BYTE, (byte) 3, "3");
    roundTrip(PrimitiveType.SHORT, (short) -3, "-3");
    roundTrip(PrimitiveType.FLOAT, 1.0f, "1.0");
    roundTrip(PrimitiveType.DOUBLE, 0.0, "0.0");
    roundTrip(PrimitiveType.BOOLEAN, true, "true");
    roundTrip(new DecimalType(10, 2), new BigDecimal("1234.50"), "1234.50");
    roundTrip(new DecimalType(1, 0), new BigDecimal("1"), "1");
    roundTrip(PrimitiveType.DATE, LocalDate.of(2024, 2, 29), "2024-02-29");
    roundTrip(PrimitiveType.TIMESTAMP, Instant.parse("2024-01-01T10:00:00Z"), "2024-01-01T10:00:00.000000Z");
    roundTrip(PrimitiveType.TIMESTAMP, Instant.parse("1969-12-31T23:59:59.999999Z"), "1969-12-31T23:59:59.999999Z");
    roundTrip(PrimitiveType.TIMESTAMP_NTZ, LocalDateTime.parse("2020-01-01T08:09:10.001"), "2020-01-01 08:09:10.001");
    roundTrip(PrimitiveType.TIMESTAMP_NTZ, LocalDateTime.parse("2021-10-01T08:09:20"), "2021-10-01 08:09:20");
    roundTrip(PrimitiveType.BINARY, new byte[] {1, 2, (byte) 0xFF}, "\u0001\u0002\u00ff");
  }

  @Test
  void nullsAndEmptyStrings() {
    assertThat(PartitionValues.serialize(PrimitiveType.INTEGER, null)).isNull();
    assertThat(PartitionValues.serialize(PrimitiveType.STRING, "")).isNull();
    assertThat(PartitionValues.deserialize(PrimitiveType.INTEGER, null)).isNull();
    assertThat(PartitionValues.deserialize(PrimitiveType.INTEGER, "")).isNull();
    assertThat(PartitionValues.deserialize(PrimitiveType.STRING, "")).isNull();
  }

  @Test
  void readsEveryTimestampFormWrittenInTheWild() {
    DataType ts = PrimitiveType.TIMESTAMP;
    assertThat(PartitionValues.deserialize(ts, "2020-01-01 08:09:10.001")).isEqualTo(Instant.parse("2020-01-01T08:09:10.001Z"));
    assertThat(PartitionValues.deserialize(ts, "2021-10-01 08:09:20")).isEqualTo(Instant.parse("2021-10-01T08:09:20Z"));
    assertThat(PartitionValues.deserialize(ts, "2024-01-01T10:00:00.000000Z")).isEqualTo(Instant.parse("2024-01-01T10:00:00Z"));
    assertThat(PartitionValues.deserialize(ts, "2024-01-01T12:00:00+02:00")).isEqualTo(Instant.parse("2024-01-01T10:00:00Z"));
  }

  @Test
  void invalidTextNamesTheColumn() {
    assertThatThrownBy(() -> PartitionValues.deserialize(PrimitiveType.INTEGER, "x1", "year"))
        .isInstanceOf(SchemaViolationException.class).hasMessageContaining("year");
  }
}
