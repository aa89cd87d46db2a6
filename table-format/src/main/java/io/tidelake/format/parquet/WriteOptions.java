package io.tidelake.format.parquet;

import io.tidelake.format.TidelakeException;
import java.util.Locale;
import java.util.Map;

/**
 * How data files are written.
 *
 * @param codec page compression (default SNAPPY, what existing Delta writers produce; the protocol's
 *     newer advice is zstd, selectable with {@code delta.parquet.compression.codec})
 * @param targetFileSizeBytes a file is closed and a new one started once it reaches this size (default 128 MiB)
 * @param numIndexedCols statistics for the first N leaf columns, -1 for all (default 32)
 * @param rowGroupSizeBytes Parquet row-group size (default 128 MiB); files use {@link #effectiveRowGroupSize()},
 *     which never exceeds the target file size
 * @param pageSizeBytes Parquet page size (default 1 MiB, parquet-mr's)
 */
public record WriteOptions(ParquetCodec codec, long targetFileSizeBytes, int numIndexedCols, long rowGroupSizeBytes,
    int pageSizeBytes) {

  public static final String CODEC_PROPERTY = "delta.parquet.compression.codec";
  public static final String TARGET_FILE_SIZE_PROPERTY = "delta.targetFileSize";
  public static final String NUM_INDEXED_COLS_PROPERTY = "delta.dataSkippingNumIndexedCols";
  /** Tidelake's own: the Parquet page size in bytes (smaller pages skip finer by the page index). */
  public static final String PAGE_SIZE_PROPERTY = "tidelake.parquet.pageSize";

  public static final long DEFAULT_TARGET_FILE_SIZE = 128L * 1024 * 1024;
  public static final int DEFAULT_NUM_INDEXED_COLS = 32;
  public static final long DEFAULT_ROW_GROUP_SIZE = 128L * 1024 * 1024;
  public static final int DEFAULT_PAGE_SIZE = 1024 * 1024;

  public WriteOptions {
    if (codec == null) {
      throw new IllegalArgumentException("codec must not be null");
    }
    if (targetFileSizeBytes <= 0 || rowGroupSizeBytes <= 0 || pageSizeBytes <= 0) {
      throw new IllegalArgumentException("sizes must be positive: target " + targetFileSizeBytes + ", row group "
          + rowGroupSizeBytes + ", page " + pageSizeBytes);
    }
    if (numIndexedCols < -1) {
      throw new IllegalArgumentException("numIndexedCols must be -1 (all) or >= 0, got " + numIndexedCols);
    }
  }

  /** The row-group size files are written with: never above the target file size, so small targets still roll. */
  public long effectiveRowGroupSize() {
    return Math.min(rowGroupSizeBytes, targetFileSizeBytes);
  }

  public static WriteOptions defaults() {
    return new WriteOptions(ParquetCodec.SNAPPY, DEFAULT_TARGET_FILE_SIZE, DEFAULT_NUM_INDEXED_COLS,
        DEFAULT_ROW_GROUP_SIZE, DEFAULT_PAGE_SIZE);
  }

  /**
   * Options from a table's {@code metaData.configuration}; absent properties take the defaults.
   * {@code delta.targetFileSize} takes bytes ({@code 33554432}) or a size with unit ({@code 32mb}, {@code 1g}).
   *
   * @throws TidelakeException naming the property whose value is invalid
   */
  public static WriteOptions fromTableProperties(Map<String, String> properties) {
    WriteOptions d = defaults();
    ParquetCodec codec = d.codec;
    long target = d.targetFileSizeBytes;
    int indexed = d.numIndexedCols;
    String c = properties.get(CODEC_PROPERTY);
    if (c != null) {
      codec = ParquetCodec.fromProperty(c, CODEC_PROPERTY);
    }
    String t = properties.get(TARGET_FILE_SIZE_PROPERTY);
    if (t != null) {
      target = parseSize(t, TARGET_FILE_SIZE_PROPERTY);
    }
    String n = properties.get(NUM_INDEXED_COLS_PROPERTY);
    if (n != null) {
      try {
        indexed = Integer.parseInt(n.trim());
      } catch (NumberFormatException e) {
        indexed = -2;
      }
      if (indexed < -1) {
        throw new TidelakeException("Invalid value '" + n + "' for table property " + NUM_INDEXED_COLS_PROPERTY
            + ": expected -1 (all columns) or a number of columns >= 0.");
      }
    }
    int page = d.pageSizeBytes;
    String ps = properties.get(PAGE_SIZE_PROPERTY);
    if (ps != null) {
      long v = parseSize(ps, PAGE_SIZE_PROPERTY);
      if (v < 64 || v > Integer.MAX_VALUE) {
        throw new TidelakeException("Invalid value '" + ps + "' for table property " + PAGE_SIZE_PROPERTY
            + ": expected a page size between 64 bytes and 2 GiB.");
      }
      page = (int) v;
    }
    return new WriteOptions(codec, target, indexed, d.rowGroupSizeBytes, page);
  }

  public WriteOptions withCodec(ParquetCodec c) {
    return new WriteOptions(c, targetFileSizeBytes, numIndexedCols, rowGroupSizeBytes, pageSizeBytes);
  }

  public WriteOptions withTargetFileSize(long bytes) {
    return new WriteOptions(codec, bytes, numIndexedCols, rowGroupSizeBytes, pageSizeBytes);
  }

  public WriteOptions withNumIndexedCols(int n) {
    return new WriteOptions(codec, targetFileSizeBytes, n, rowGroupSizeBytes, pageSizeBytes);
  }

  public WriteOptions withRowGroupSize(long bytes) {
    return new WriteOptions(codec, targetFileSizeBytes, numIndexedCols, bytes, pageSizeBytes);
  }

  public WriteOptions withPageSize(int bytes) {
    return new WriteOptions(codec, targetFileSizeBytes, numIndexedCols, rowGroupSizeBytes, bytes);
  }

  private static long parseSize(String text, String property) {
    String s = text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
    long unit = 1;
    String[][] units = {{"kb", "1024"}, {"mb", "1048576"}, {"gb", "1073741824"}, {"k", "1024"}, {"m", "1048576"},
        {"g", "1073741824"}, {"b", "1"}};
    for (String[] u : units) {
      if (s.endsWith(u[0])) {
        unit = Long.parseLong(u[1]);
        s = s.substring(0, s.length() - u[0].length());
        break;
      }
    }
    try {
      long v = Math.multiplyExact(Long.parseLong(s), unit);
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException | ArithmeticException e) {
      // fall through to the error
    }
    throw new TidelakeException("Invalid value '" + text + "' for table property " + property
        + ": expected a positive size in bytes such as 134217728 or 128mb.");
  }
}
