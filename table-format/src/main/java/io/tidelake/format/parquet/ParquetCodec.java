package io.tidelake.format.parquet;

import io.tidelake.format.TidelakeException;
import java.util.Locale;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** Page compression of the data files Tidelake writes; the names of {@code delta.parquet.compression.codec}. */
public enum ParquetCodec {
  SNAPPY("snappy", "snappy", CompressionCodecName.SNAPPY),
  ZSTD("zstd", "zstd", CompressionCodecName.ZSTD),
  GZIP("gzip", "gz", CompressionCodecName.GZIP),
  UNCOMPRESSED("uncompressed", "", CompressionCodecName.UNCOMPRESSED);

  private final String propertyValue;
  private final String fileSuffix;
  private final CompressionCodecName parquetName;

  ParquetCodec(String propertyValue, String fileSuffix, CompressionCodecName parquetName) {
    this.propertyValue = propertyValue;
    this.fileSuffix = fileSuffix;
    this.parquetName = parquetName;
  }

  /** The table-property spelling: snappy, zstd, gzip, uncompressed. */
  public String propertyValue() {
    return propertyValue;
  }

  /** The codec part of a Spark-style file name ({@code .snappy.parquet}, {@code .gz.parquet}); empty for none. */
  public String fileSuffix() {
    return fileSuffix;
  }

  /** parquet-mr's name for the codec. */
  public CompressionCodecName parquetName() {
    return parquetName;
  }

  /**
   * Parses a property value, ignoring case ("none" is accepted for uncompressed, as Spark does).
   *
   * @throws TidelakeException naming {@code property} for anything else
   */
  public static ParquetCodec fromProperty(String value, String property) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    switch (v) {
      case "snappy":
        return SNAPPY;
      case "zstd":
        return ZSTD;
      case "gzip":
        return GZIP;
      case "uncompressed":
      case "none":
        return UNCOMPRESSED;
      default:
        throw new TidelakeException("Invalid value '" + value + "' for table property " + property
            + ": supported codecs are snappy, zstd, gzip and uncompressed.");
    }
  }
}
