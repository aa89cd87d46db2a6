package io.tidelake.benchmarks;

import io.tidelake.format.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.conf.HadoopParquetConfiguration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.Type;

/**
 * The baseline: what a careful user of raw parquet-mr writes by hand for the {@link Events} data set. A
 * hand-written {@link WriteSupport} (no Group API), parquet-mr's own {@link ParquetWriter.Builder} with its
 * default (Hadoop-configured) codec factory, one shared Hadoop {@link Configuration}, and a plain
 * {@link LocalOutputFile}; for reading, a hand-written
 * {@link ReadSupport} and record materializer over parquet-mr's {@link ParquetReader}. The file schema is
 * the one Tidelake writes for the same table (partition column not stored).
 */
final class RawParquet {
  static final MessageType FILE_SCHEMA = MessageTypeParser.parseMessageType("""
      message spark_schema {
        required int64 id;
        optional int64 user_id;
        optional binary event_type (STRING);
        optional double amount;
        optional int64 ts (TIMESTAMP(MICROS,true));
        optional binary country (STRING);
      }""");

  /**
   * One Hadoop configuration for every reader and writer, as a careful user keeps it: parquet-mr's builders
   * otherwise create (and parse the XML defaults of) a new one per file.
   */
  static final Configuration CONF = new Configuration();
  private static final ParquetConfiguration PARQUET_CONF = new HadoopParquetConfiguration(CONF);

  private RawParquet() {}

  // ---------------------------------------------------------------- writing

  /** Writes rows of {@link Events#SCHEMA}: the data columns by position, the date column is not stored. */
  static final class EventWriteSupport extends WriteSupport<Row> {
    private RecordConsumer rc;

    @Override
    public WriteContext init(Configuration configuration) {
      return new WriteContext(FILE_SCHEMA, Map.of());
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
      return new WriteContext(FILE_SCHEMA, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.rc = recordConsumer;
    }

    @Override
    public void write(Row r) {
      rc.startMessage();
      rc.startField("id", 0);
      rc.addLong((Long) r.get(0));
      rc.endField("id", 0);
      Object v = r.get(1);
      if (v != null) {
        rc.startField("user_id", 1);
        rc.addLong((Long) v);
        rc.endField("user_id", 1);
      }
      v = r.get(2);
      if (v != null) {
        rc.startField("event_type", 2);
        rc.addBinary(Binary.fromString((String) v));
        rc.endField("event_type", 2);
      }
      v = r.get(3);
      if (v != null) {
        rc.startField("amount", 3);
        rc.addDouble((Double) v);
        rc.endField("amount", 3);
      }
      v = r.get(4);
      if (v != null) {
        Instant t = (Instant) v;
        rc.startField("ts", 4);
        rc.addLong(t.getEpochSecond() * 1_000_000L + t.getNano() / 1000);
        rc.endField("ts", 4);
      }
      v = r.get(5);
      if (v != null) {
        rc.startField("country", 5);
        rc.addBinary(Binary.fromString((String) v));
        rc.endField("country", 5);
      }
      rc.endMessage();
    }
  }

  static final class WriterBuilder extends ParquetWriter.Builder<Row, WriterBuilder> {
    WriterBuilder(OutputFile out) {
      super(out);
    }

    @Override
    protected WriterBuilder self() {
      return this;
    }

    @Override
    protected WriteSupport<Row> getWriteSupport(Configuration conf) {
      return new EventWriteSupport();
    }

    @Override
    protected WriteSupport<Row> getWriteSupport(ParquetConfiguration conf) {
      return new EventWriteSupport();
    }
  }

  /** Same settings Tidelake uses for its data files: snappy, 128 MiB row groups, 1 MiB pages, dictionaries. */
  static ParquetWriter<Row> openWriter(Path file, long rowGroupSize, int pageSize) throws IOException {
    Files.createDirectories(file.getParent());
    return new WriterBuilder(new LocalOutputFile(file))
        .withConf(CONF)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withWriteMode(ParquetFileWriter.Mode.CREATE)
        .withRowGroupSize(rowGroupSize)
        .withPageSize(pageSize)
        .withDictionaryEncoding(true)
        .withValidation(false)
        .build();
  }

  /**
   * Writes rows into one file per date under {@code dir} ({@code date=YYYY-MM-DD/part-0.snappy.parquet}),
   * routing by the date column as a hand-written job would. Returns the files written.
   */
  static List<Path> writePartitioned(Path dir, java.util.Iterator<Row> rows, long rowGroupSize, int pageSize)
      throws IOException {
    @SuppressWarnings("unchecked")
    ParquetWriter<Row>[] writers = new ParquetWriter[Events.DATES];
    List<Path> files = new ArrayList<>();
    long firstDay = Events.FIRST_DATE.toEpochDay();
    try {
      while (rows.hasNext()) {
        Row r = rows.next();
        int d = (int) (((LocalDate) r.get(6)).toEpochDay() - firstDay);
        ParquetWriter<Row> w = writers[d];
        if (w == null) {
          Path f = dir.resolve("date=" + Events.DATE_VALUES[d]).resolve("part-0.snappy.parquet");
          files.add(f);
          w = writers[d] = openWriter(f, rowGroupSize, pageSize);
        }
        w.write(r);
      }
    } finally {
      for (ParquetWriter<Row> w : writers) {
        if (w != null) {
          w.close();
        }
      }
    }
    return files;
  }

  // ---------------------------------------------------------------- reading

  /**
   * Materializes rows as {@code Object[]} in the order of {@code columns} (names of {@link Events#SCHEMA});
   * {@code date} is taken from the file's partition directory, as for any Hive-style layout. Values have the
   * same Java types Tidelake returns (Long, Double, String, Instant, LocalDate).
   */
  static final class EventReadSupport extends ReadSupport<Object[]> {
    private final List<String> columns;
    private final LocalDate date;

    EventReadSupport(List<String> columns, LocalDate date) {
      this.columns = columns;
      this.date = date;
    }

    private MessageType requested(MessageType file) {
      List<Type> fields = new ArrayList<>();
      for (String c : columns) {
        if (!c.equals(Events.PARTITION_COLUMN)) {
          fields.add(file.getType(c));
        }
      }
      return new MessageType(file.getName(), fields);
    }

    @Override
    public ReadContext init(InitContext context) {
      return new ReadContext(requested(context.getFileSchema()));
    }

    @Override
    public RecordMaterializer<Object[]> prepareForRead(Configuration conf, Map<String, String> meta,
        MessageType fileSchema, ReadContext readContext) {
      return new Materializer(readContext.getRequestedSchema(), columns, date);
    }

    @Override
    public RecordMaterializer<Object[]> prepareForRead(ParquetConfiguration conf, Map<String, String> meta,
        MessageType fileSchema, ReadContext readContext) {
      return new Materializer(readContext.getRequestedSchema(), columns, date);
    }
  }

  private static final class Materializer extends RecordMaterializer<Object[]> {
    private final Root root;

    Materializer(MessageType requested, List<String> columns, LocalDate date) {
      this.root = new Root(requested, columns, date);
    }

    @Override
    public Object[] getCurrentRecord() {
      return root.current;
    }

    @Override
    public GroupConverter getRootConverter() {
      return root;
    }
  }

  private static final class Root extends GroupConverter {
    private final Converter[] converters;
    private final int width;
    private final int dateSlot;
    private final LocalDate date;
    Object[] current;

    Root(MessageType requested, List<String> columns, LocalDate date) {
      this.width = columns.size();
      this.dateSlot = columns.indexOf(Events.PARTITION_COLUMN);
      this.date = date;
      this.converters = new Converter[requested.getFieldCount()];
      for (int i = 0; i < converters.length; i++) {
        String name = requested.getFieldName(i);
        int slot = columns.indexOf(name);
        converters[i] = switch (name) {
          case "event_type", "country" -> new StringConverter(this, slot);
          case "amount" -> new DoubleConverter(this, slot);
          case "ts" -> new TimestampConverter(this, slot);
          default -> new LongConverter(this, slot);
        };
      }
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return converters[fieldIndex];
    }

    @Override
    public void start() {
      current = new Object[width];
      if (dateSlot >= 0) {
        current[dateSlot] = date;
      }
    }

    @Override
    public void end() {}
  }

  private static final class LongConverter extends PrimitiveConverter {
    private final Root root;
    private final int slot;

    LongConverter(Root root, int slot) {
      this.root = root;
      this.slot = slot;
    }

    @Override
    public void addLong(long value) {
      root.current[slot] = value;
    }
  }

  private static final class DoubleConverter extends PrimitiveConverter {
    private final Root root;
    private final int slot;

    DoubleConverter(Root root, int slot) {
      this.root = root;
      this.slot = slot;
    }

    @Override
    public void addDouble(double value) {
      root.current[slot] = value;
    }
  }

  private static final class TimestampConverter extends PrimitiveConverter {
    private final Root root;
    private final int slot;

    TimestampConverter(Root root, int slot) {
      this.root = root;
      this.slot = slot;
    }

    @Override
    public void addLong(long micros) {
      root.current[slot] = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
          Math.floorMod(micros, 1_000_000L) * 1000L);
    }
  }

  /** Decodes each dictionary entry once, as any decent hand-written converter does. */
  private static final class StringConverter extends PrimitiveConverter {
    private final Root root;
    private final int slot;
    private String[] dict;

    StringConverter(Root root, int slot) {
      this.root = root;
      this.slot = slot;
    }

    @Override
    public boolean hasDictionarySupport() {
      return true;
    }

    @Override
    public void setDictionary(Dictionary dictionary) {
      dict = new String[dictionary.getMaxId() + 1];
      for (int i = 0; i < dict.length; i++) {
        dict[i] = dictionary.decodeToBinary(i).toStringUsingUTF8();
      }
    }

    @Override
    public void addValueFromDictionary(int dictionaryId) {
      root.current[slot] = dict[dictionaryId];
    }

    @Override
    public void addBinary(Binary value) {
      root.current[slot] = value.toStringUsingUTF8();
    }
  }

  static final class ReaderBuilder extends ParquetReader.Builder<Object[]> {
    private final EventReadSupport support;

    ReaderBuilder(Path file, EventReadSupport support) {
      super(new LocalInputFile(file), PARQUET_CONF);
      this.support = support;
    }

    @Override
    protected ReadSupport<Object[]> getReadSupport() {
      return support;
    }
  }

  /** Opens a reader of {@code columns} of one file, with an optional filter (stats + record filtering). */
  static ParquetReader<Object[]> openReader(Path file, List<String> columns, LocalDate date, FilterCompat.Filter filter)
      throws IOException {
    ReaderBuilder b = new ReaderBuilder(file, new EventReadSupport(columns, date));
    if (filter != null) {
      b.withFilter(filter);
    }
    return b.build();
  }
}
