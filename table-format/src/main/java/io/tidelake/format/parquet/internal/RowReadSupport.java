package io.tidelake.format.parquet.internal;

import io.tidelake.format.Row;
import io.tidelake.format.parquet.ColumnMappingMode;
import io.tidelake.format.parquet.internal.GroupConverters.StructConverter;
import io.tidelake.format.types.StructType;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;

/**
 * Reads rows of a requested Delta schema from any Delta data file. Columns are matched by physical name
 * (column mapping) or name, ignoring case as Spark does; requested columns the file lacks are null. The
 * converters are built against the file's own schema, once per file; one instance reads one file.
 */
public final class RowReadSupport extends ReadSupport<Row> {
  private final StructType schema;
  private final Object[] constants;
  private final GroupConverters.Source source;
  private StructConverter root;
  private MessageType fileSchema;

  /**
   * @param schema the output row schema
   * @param constants per output column, a fixed value (partition value) or {@link StructConverter#ABSENT}
   *     to read it from the file; null to read every column
   * @param filePath for error messages
   */
  public RowReadSupport(StructType schema, Object[] constants, String filePath) {
    this(schema, constants, filePath, ColumnMappingMode.NAME);
  }

  /** As above, matching columns to the file as {@code mode} says. */
  public RowReadSupport(StructType schema, Object[] constants, String filePath, ColumnMappingMode mode) {
    this.schema = schema;
    this.constants = constants;
    this.source = new GroupConverters.Source(filePath, mode);
  }

  /** Marker for {@code constants}: read this column from the file. */
  public static Object fromFile() {
    return StructConverter.ABSENT;
  }

  /** Builds the converters for {@code file} and returns the pruned schema to read (may have no fields). */
  public MessageType requestedSchema(MessageType file) {
    if (root == null || fileSchema != file) {
      Object[] c = constants;
      if (c == null) {
        c = new Object[schema.size()];
        java.util.Arrays.fill(c, StructConverter.ABSENT);
      }
      root = new StructConverter(file, schema, c, "", source, null);
      fileSchema = file;
    }
    return new MessageType(file.getName(), root.projectedFields());
  }

  @Override
  public ReadContext init(InitContext context) {
    return new ReadContext(requestedSchema(context.getFileSchema()));
  }

  @Override
  public ReadContext init(Configuration configuration, Map<String, String> keyValueMetaData, MessageType file) {
    return new ReadContext(requestedSchema(file));
  }

  @Override
  public ReadContext init(ParquetConfiguration configuration, Map<String, String> keyValueMetaData, MessageType file) {
    return new ReadContext(requestedSchema(file));
  }

  @Override
  public RecordMaterializer<Row> prepareForRead(Configuration configuration, Map<String, String> keyValueMetaData,
      MessageType file, ReadContext readContext) {
    return materializer(file);
  }

  @Override
  public RecordMaterializer<Row> prepareForRead(ParquetConfiguration configuration,
      Map<String, String> keyValueMetaData, MessageType file, ReadContext readContext) {
    // Overridden so parquet-mr never converts the configuration into a Hadoop one.
    return materializer(file);
  }

  public RecordMaterializer<Row> materializer(MessageType file) {
    requestedSchema(file);
    StructConverter r = root;
    return new RecordMaterializer<>() {
      @Override
      public Row getCurrentRecord() {
        return r.last;
      }

      @Override
      public GroupConverter getRootConverter() {
        return r;
      }
    };
  }

  /** A row of only the constants, for files none of whose columns are requested. */
  public Row constantRow() {
    Object[] v = new Object[schema.size()];
    if (constants != null) {
      for (int i = 0; i < v.length; i++) {
        v[i] = constants[i] == StructConverter.ABSENT ? null : constants[i];
      }
    }
    return io.tidelake.format.GenericRow.trusted(schema, v);
  }
}
