package io.tidelake.format.parquet.internal;

import io.tidelake.format.Row;
import io.tidelake.format.TidelakeException;
import io.tidelake.format.parquet.CorruptDataFileException;
import io.tidelake.format.store.ObjectStore;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.OutputFile;

/**
 * Opening Parquet writers over an {@link ObjectStore} with a plain (non-Hadoop) configuration and our own
 * codecs, the combination parquet-notes.md found to work without Hadoop's FileSystem. Tidelake reads
 * through {@link ParquetFile}; parquet-mr's own reader stays here as the reference that tests compare
 * {@link ParquetFile} against.
 */
public final class ParquetFiles {
  private ParquetFiles() {}

  /** Created on first use only: reading never needs parquet-mr's reader classes (cold start). */
  private static final class ReadOptions {
    /** Shared: the options hold nothing mutable (heap allocator, stateless codecs). */
    static final ParquetReadOptions INSTANCE =
        ParquetReadOptions.builder(new PlainParquetConfiguration()).withCodecFactory(Codecs.INSTANCE).build();
  }

  public static ParquetWriter<Row> openWriter(OutputFile out, RowWriteSupport support, CompressionCodecName codec,
      long rowGroupSize, int pageSize) throws IOException {
    return openWriter(out, support, codec, rowGroupSize, pageSize, java.util.Set.of());
  }

  /** As above, writing the columns of {@code plainColumns} (dotted paths) without dictionary encoding. */
  public static ParquetWriter<Row> openWriter(OutputFile out, RowWriteSupport support, CompressionCodecName codec,
      long rowGroupSize, int pageSize, java.util.Set<String> plainColumns) throws IOException {
    Builder b = new Builder(out, support);
    for (String column : plainColumns) {
      b = b.withDictionaryEncoding(column, false);
    }
    return b
        .withConf(new PlainParquetConfiguration())
        .withCodecFactory(Codecs.INSTANCE)
        .withCompressionCodec(codec)
        .withWriteMode(ParquetFileWriter.Mode.CREATE)
        .withRowGroupSize(rowGroupSize)
        .withPageSize(pageSize)
        .withDictionaryEncoding(true)
        .withValidation(false)
        .build();
  }

  /**
   * Opens a file with parquet-mr's {@link ParquetFileReader} and reads its footer (the reference reader).
   *
   * @throws CorruptDataFileException when the file is not Parquet or is truncated
   */
  public static ParquetFileReader openReader(ObjectStore store, String path) {
    StoreInputFile in = new StoreInputFile(store, path);
    org.apache.parquet.io.SeekableInputStream stream = in.newStream();
    try {
      return ParquetFileReader.open(in, ReadOptions.INSTANCE, stream);
    } catch (TidelakeException e) {
      closeQuietly(stream);
      throw e;
    } catch (IOException | RuntimeException e) {
      closeQuietly(stream);
      throw corrupt(path, e);
    }
  }

  /** parquet-mr's footer of a file (the reference for {@link ParquetFooter}). */
  public static ParquetMetadata readFooter(ObjectStore store, String path) {
    try (ParquetFileReader r = openReader(store, path)) {
      return r.getFooter();
    } catch (IOException e) {
      throw corrupt(path, e);
    }
  }

  /**
   * What to throw for a failure while decoding {@code path}: our own errors (a schema mismatch) and
   * converter bugs as they are — not the file's fault — anything else as a corrupt file.
   */
  static RuntimeException decodeFailure(String path, RuntimeException e) {
    if (e instanceof io.tidelake.format.TidelakeException || e instanceof ClassCastException
        || e instanceof UnsupportedOperationException) {
      return e;
    }
    return corrupt(path, e);
  }

  static CorruptDataFileException corrupt(String path, Throwable e) {
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new CorruptDataFileException(path, "it cannot be read as Parquet (" + msg + ")", e);
  }

  static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // already failing; the original error matters
      }
    }
  }

  private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
    private final RowWriteSupport support;

    Builder(OutputFile out, RowWriteSupport support) {
      super(out);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Row> getWriteSupport(Configuration conf) {
      return support;
    }

    @Override
    protected WriteSupport<Row> getWriteSupport(ParquetConfiguration conf) {
      return support;
    }
  }
}
