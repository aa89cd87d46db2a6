package io.tidelake.merge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every column type a source row can hold survives the spill file, NULLs and nested values included. */
class SpillCodecTest {
  static final StructType SCHEMA = SchemaDdl.parse("b boolean, y byte, sh short, i int, l long, f float, d double, "
      + "s string, bin binary, dt date, ts timestamp, ntz timestamp_ntz, dec decimal(20,3), "
      + "st struct<a: int, b: string>, arr array<string>, m map<string, int>");

  @Test
  void rowsRoundTrip() throws IOException {
    StructType st = (StructType) SCHEMA.field("st").type();
    Object[] full = {true, (byte) -3, (short) 300, -7, Long.MIN_VALUE, 1.5f, -0.0, "héllo ✓", new byte[] {1, 2, 3},
        LocalDate.of(1969, 12, 31), Instant.ofEpochSecond(-5, 123_456_000), LocalDateTime.of(2025, 1, 2, 3, 4, 5, 6000),
        new BigDecimal("-12345678901234567.891"), Row.of(st, 1, null), Arrays.asList("x", null), Map.of("k", 2)};
    Object[] nulls = new Object[SCHEMA.size()];
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      SpillCodec.writeRow(out, SCHEMA, full);
      SpillCodec.writeRow(out, SCHEMA, nulls);
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    Object[] back = SpillCodec.readRow(in, SCHEMA);
    for (int i = 0; i < full.length; i++) {
      if (full[i] instanceof byte[] b) {
        assertThat((byte[]) back[i]).isEqualTo(b);
      } else if (full[i] instanceof Row r) {
        assertThat(((Row) back[i]).get(0)).isEqualTo(r.get(0));
        assertThat(((Row) back[i]).get(1)).isNull();
      } else {
        assertThat(back[i]).as(SCHEMA.field(i).name()).isEqualTo(full[i]);
      }
    }
    assertThat(SpillCodec.readRow(in, SCHEMA)).containsOnlyNulls();
    assertThat(in.read()).isEqualTo(-1);
  }

  @Test
  void equalKeysOfDifferentJavaTypesHashAlikeAndLandInOnePartition() {
    int[] one = {0};
    assertThat(JoinKeys.hash(new Object[] {7}, one)).isEqualTo(JoinKeys.hash(new Object[] {7L}, one));
    assertThat(JoinKeys.hash(new Object[] {new BigDecimal("1.50")}, one))
        .isEqualTo(JoinKeys.hash(new Object[] {new BigDecimal("1.5")}, one));
    assertThat(JoinKeys.hash(new Object[] {-0.0d}, one)).isEqualTo(JoinKeys.hash(new Object[] {0.0f}, one));
    assertThat(JoinKeys.equal(new Object[] {7, "a"}, new int[] {0, 1}, new Object[] {"a", 7L}, new int[] {1, 0}))
        .isTrue();
    assertThat(JoinKeys.equal(new Object[] {7L}, one, new Object[] {8L}, one)).isFalse();
    assertThat(JoinKeys.hasNull(new Object[] {1L, null}, new int[] {0, 1})).isTrue();
    assertThat(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L).stream()
        .map(k -> SourceSpill.partitionOf(JoinKeys.hash(new Object[] {k}, one))).distinct().count())
        .as("consecutive keys spread over partitions").isGreaterThan(4);
    assertThat(List.of(1L, 2L, 3L, 4L).stream().map(k -> SourceSpill.partitionOf(JoinKeys.hash(new Object[] {k}, one))))
        .allSatisfy(p -> assertThat(p).isBetween(0, SourceSpill.PARTITIONS - 1));
  }
}
