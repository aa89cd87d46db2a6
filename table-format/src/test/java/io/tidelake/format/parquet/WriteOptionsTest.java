package io.tidelake.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.TidelakeException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WriteOptionsTest {

  @Test
  void defaults() {
    WriteOptions o = WriteOptions.fromTableProperties(Map.of());
    assertThat(o).isEqualTo(WriteOptions.defaults());
    assertThat(o.codec()).isEqualTo(ParquetCodec.SNAPPY);
    assertThat(o.targetFileSizeBytes()).isEqualTo(128L << 20);
    assertThat(o.numIndexedCols()).isEqualTo(32);
    assertThat(o.effectiveRowGroupSize()).isEqualTo(128L << 20);
  }

  @Test
  void tableProperties() {
    WriteOptions o = WriteOptions.fromTableProperties(Map.of("delta.parquet.compression.codec", "ZSTD",
        "delta.targetFileSize", "33554432", "delta.dataSkippingNumIndexedCols", "-1"));
    assertThat(o.codec()).isEqualTo(ParquetCodec.ZSTD);
    assertThat(o.targetFileSizeBytes()).isEqualTo(32L << 20);
    assertThat(o.numIndexedCols()).isEqualTo(-1);
    assertThat(o.effectiveRowGroupSize()).isEqualTo(32L << 20); // never above the target
    assertThat(WriteOptions.fromTableProperties(Map.of("delta.targetFileSize", "64mb")).targetFileSizeBytes())
        .isEqualTo(64L << 20);
    assertThat(WriteOptions.fromTableProperties(Map.of("delta.parquet.compression.codec", "uncompressed")).codec())
        .isEqualTo(ParquetCodec.UNCOMPRESSED);
  }

  @Test
  void badValuesNameTheProperty() {
    assertThatThrownBy(() -> WriteOptions.fromTableProperties(Map.of("delta.parquet.compression.codec", "lz4")))
        .isInstanceOf(TidelakeException.class).hasMessageContaining("delta.parquet.compression.codec");
    assertThatThrownBy(() -> WriteOptions.fromTableProperties(Map.of("delta.targetFileSize", "big")))
        .isInstanceOf(TidelakeException.class).hasMessageContaining("delta.targetFileSize");
    assertThatThrownBy(() -> WriteOptions.fromTableProperties(Map.of("delta.targetFileSize", "-5")))
        .isInstanceOf(TidelakeException.class).hasMessageContaining("delta.targetFileSize");
    assertThatThrownBy(() -> WriteOptions.fromTableProperties(Map.of("delta.dataSkippingNumIndexedCols", "-2")))
        .isInstanceOf(TidelakeException.class).hasMessageContaining("delta.dataSkippingNumIndexedCols");
    assertThatThrownBy(() -> WriteOptions.fromTableProperties(Map.of("delta.dataSkippingNumIndexedCols", "x")))
        .isInstanceOf(TidelakeException.class).hasMessageContaining("delta.dataSkippingNumIndexedCols");
  }
}
