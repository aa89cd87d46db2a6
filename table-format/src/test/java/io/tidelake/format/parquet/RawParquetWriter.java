package io.tidelake.format.parquet;

import io.tidelake.format.parquet.internal.Codecs;
import io.tidelake.format.parquet.internal.StoreOutputFile;
import io.tidelake.format.store.ObjectStore;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes Parquet files with raw parquet-mr, record by record through a bare {@link RecordConsumer}: no
 * Tidelake code on the write side, so files shaped like other writers' (legacy layouts, v2 pages, other
 * codecs) can be produced in tests without shipping binary fixtures.
 */
final class RawParquetWriter {
  private RawParquetWriter() {}

  static void write(ObjectStore store, String path, String schemaText, List<Consumer<RecordConsumer>> records)
      throws IOException {
    write(store, path, schemaText, records, CompressionCodecName.SNAPPY, ParquetProperties.WriterVersion.PARQUET_1_0,
        ParquetWriter.DEFAULT_PAGE_SIZE, ParquetWriter.DEFAULT_BLOCK_SIZE);
  }

  static void write(ObjectStore store, String path, String schemaText, List<Consumer<RecordConsumer>> records,
      CompressionCodecName codec, ParquetProperties.WriterVersion version, int pageSize, long rowGroupSize)
      throws IOException {
    MessageType schema = MessageTypeParser.parseMessageType(schemaText);
    WriteSupport<Consumer<RecordConsumer>> ws = new WriteSupport<>() {
      private RecordConsumer rc;

      @Override
      public WriteContext init(Configuration configuration) {
        return new WriteContext(schema, Map.of());
      }

      @Override
      public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(schema, Map.of());
      }

      @Override
      public void prepareForWrite(RecordConsumer recordConsumer) {
        rc = recordConsumer;
      }

      @Override
      public void write(Consumer<RecordConsumer> record) {
        rc.startMessage();
        record.accept(rc);
        rc.endMessage();
      }
    };
    class B extends ParquetWriter.Builder<Consumer<RecordConsumer>, B> {
      B() {
        super(new StoreOutputFile(store, path));
      }

      @Override
      protected B self() {
        return this;
      }

      @Override
      protected WriteSupport<Consumer<RecordConsumer>> getWriteSupport(Configuration conf) {
        return ws;
      }

      @Override
      protected WriteSupport<Consumer<RecordConsumer>> getWriteSupport(ParquetConfiguration conf) {
        return ws;
      }
    }
    try (ParquetWriter<Consumer<RecordConsumer>> w = new B().withConf(new PlainParquetConfiguration())
        .withCodecFactory(Codecs.INSTANCE).withCompressionCodec(codec).withWriterVersion(version)
        .withPageSize(pageSize).withPageRowCountLimit(Math.max(1, pageSize / 8)).withRowGroupSize(rowGroupSize)
        .build()) {
      for (Consumer<RecordConsumer> r : records) {
        w.write(r);
      }
    }
  }

  static void field(RecordConsumer rc, String name, int index, Runnable body) {
    rc.startField(name, index);
    body.run();
    rc.endField(name, index);
  }
}
