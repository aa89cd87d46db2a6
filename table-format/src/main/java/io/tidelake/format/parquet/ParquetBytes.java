package io.tidelake.format.parquet;

import io.tidelake.format.Row;
import io.tidelake.format.parquet.internal.BytesOutputFile;
import io.tidelake.format.parquet.internal.ParquetFiles;
import io.tidelake.format.parquet.internal.RowWriteSupport;
import io.tidelake.format.types.StructType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * A whole Parquet file built in memory (snappy, no statistics columns indexed), for files that must be
 * published in one atomic put, such as Delta checkpoints.
 */
public final class ParquetBytes {
  private ParquetBytes() {}

  /** The bytes of a Parquet file holding {@code rows} (each laid out as {@code schema}). */
  public static byte[] write(StructType schema, Iterator<Row> rows) {
    int n = schema.size();
    int[] ordinals = new int[n];
    for (int i = 0; i < n; i++) {
      ordinals[i] = i;
    }
    BytesOutputFile out = new BytesOutputFile();
    RowWriteSupport support = new RowWriteSupport(schema, ordinals, 0);
    try (ParquetWriter<Row> w = ParquetFiles.openWriter(out, support, CompressionCodecName.SNAPPY,
        64L * 1024 * 1024, 1024 * 1024)) {
      while (rows.hasNext()) {
        w.write(rows.next());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
