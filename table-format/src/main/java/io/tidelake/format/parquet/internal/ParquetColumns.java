package io.tidelake.format.parquet.internal;

import io.tidelake.format.TidelakeException;
import io.tidelake.format.parquet.ColumnMappingMode;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads flat columns of one file a column at a time, row group by row group, without assembling rows:
 * each column's values go straight from parquet-mr's column reader through the same leaf converters as
 * the row reader ({@link PrimitiveConverters}), so every value is the Java object a row would hold
 * (dictionary strings are decoded once per row group and shared). For scans that look at each column on
 * its own, such as data-quality audits.
 */
public final class ParquetColumns implements AutoCloseable {
  private static final Object FROM_FILE = GroupConverters.StructConverter.ABSENT;

  private final String path;
  private final ParquetFile file;
  private final Object[] constants;
  private final ColumnDescriptor[] descriptors;
  private final Forward[] forwards;
  private final MessageType requested;
  private final GroupConverter root;
  private final boolean[] integral;
  private int nextGroup;
  private long rows;
  private ColumnReadStoreImpl store;

  /** Passes a converted value on to the sink of the column being read. */
  private static final class Forward implements PrimitiveConverters.Sink {
    Consumer<Object> target;

    @Override
    public void set(Object v) {
      target.accept(v);
    }
  }

  private ParquetColumns(String path, ParquetFile file, Object[] constants, ColumnDescriptor[] descriptors,
      Forward[] forwards, MessageType requested, Converter[] converters, boolean[] integral) {
    this.integral = integral;
    this.path = path;
    this.file = file;
    this.constants = constants;
    this.descriptors = descriptors;
    this.forwards = forwards;
    this.requested = requested;
    this.root = GroupConverters.passThrough(converters);
  }

  /** Whether every column of {@code schema} is a primitive or decimal one (what this reader reads). */
  public static boolean readable(StructType schema) {
    for (StructField f : schema.fields()) {
      DataType t = f.type();
      if (!(t instanceof PrimitiveType) && !(t instanceof DecimalType)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Opens {@code path} to read the columns of {@code schema} ({@link #readable} ones), or returns null when
   * the file stores one of them as a nested or repeated field (read such a file by rows).
   *
   * @param constants per column, a fixed value (partition value), or {@link RowReadSupport#fromFile()}
   */
  public static ParquetColumns open(ObjectStore store, String path, StructType schema, Object[] constants,
      ColumnMappingMode mode, long expectedSize) {
    ParquetFile file = ParquetFile.open(store, path, expectedSize);
    try {
      MessageType fileSchema = file.footer().schema();
      GroupConverters.Source src = new GroupConverters.Source(path, mode);
      Object[] values = new Object[schema.size()];
      ColumnDescriptor[] descriptors = new ColumnDescriptor[schema.size()];
      Forward[] forwards = new Forward[schema.size()];
      boolean[] integral = new boolean[schema.size()];
      List<Type> fields = new ArrayList<>();
      List<Converter> converters = new ArrayList<>();
      for (int i = 0; i < schema.size(); i++) {
        StructField f = schema.field(i);
        int fi = constants[i] != FROM_FILE ? -1 : GroupConverters.fieldIndex(fileSchema, f, src);
        if (fi < 0) {
          values[i] = constants[i] == FROM_FILE ? null : constants[i]; // a partition value, or null when absent
          continue;
        }
        Type ft = fileSchema.getType(fi);
        if (!ft.isPrimitive() || ft.isRepetition(Type.Repetition.REPEATED)) {
          ParquetFiles.closeQuietly(file);
          return null;
        }
        values[i] = FROM_FILE;
        integral[i] = signedIntegral(ft.asPrimitiveType(), f.type());
        forwards[i] = new Forward();
        converters.add(PrimitiveConverters.create(ft.asPrimitiveType(), f.type(), f.name(), path, forwards[i]));
        fields.add(ft);
      }
      MessageType requested = new MessageType(fileSchema.getName(), fields);
      int k = 0;
      for (int i = 0; i < schema.size(); i++) {
        if (values[i] == FROM_FILE) {
          descriptors[i] = requested.getColumns().get(k++);
        }
      }
      return new ParquetColumns(path, file, values, descriptors, forwards, requested,
          converters.toArray(new Converter[0]), integral);
    } catch (RuntimeException e) {
      ParquetFiles.closeQuietly(file);
      throw e;
    }
  }

  /** Moves to the next row group; false after the last. */
  public boolean nextRowGroup() {
    if (nextGroup == file.rowGroupCount()) {
      close();
      return false;
    }
    int group = nextGroup++;
    rows = file.rowGroupRowCount(group);
    store = null;
    if (requested.getFieldCount() > 0) {
      try {
        store = new ColumnReadStoreImpl(file.readRowGroup(group, requested), root, requested,
            file.footer().createdBy());
      } catch (IOException | RuntimeException e) {
        close();
        throw e instanceof TidelakeException t ? t : ParquetFiles.corrupt(path, e);
      }
    }
    return true;
  }

  /**
   * A signed integer column read as an integral type: its footer min/max are the values' own (signed
   * order for INT32/INT64, whichever of the two statistics fields holds them).
   */
  private static boolean signedIntegral(org.apache.parquet.schema.PrimitiveType file, DataType req) {
    var ptn = file.getPrimitiveTypeName();
    var ann = file.getLogicalTypeAnnotation();
    boolean signed = ann == null
        || (ann instanceof org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation i && i.isSigned());
    boolean intType = req == PrimitiveType.BYTE || req == PrimitiveType.SHORT || req == PrimitiveType.INTEGER
        || req == PrimitiveType.LONG;
    return signed && intType && (ptn == org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32
        || ptn == org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64);
  }

  /**
   * The footer statistics of an integral column in the current row group as {nulls, min, max}, min and max
   * null when every value is null; or null when the column is not a signed integer column read from the
   * file, or the writer left out its null count or bounds.
   */
  public Long[] integralStats(int column) {
    if (!integral[column]) {
      return null;
    }
    org.apache.parquet.format.ColumnChunk chunk = null;
    java.util.List<String> want = java.util.Arrays.asList(descriptors[column].getPath());
    for (org.apache.parquet.format.ColumnChunk c : file.footer().rowGroups().get(nextGroup - 1).getColumns()) {
      if (c.getMeta_data() != null && want.equals(c.getMeta_data().getPath_in_schema())) {
        chunk = c;
      }
    }
    if (chunk == null || !chunk.getMeta_data().isSetStatistics()) {
      return null;
    }
    org.apache.parquet.format.Statistics st = chunk.getMeta_data().getStatistics();
    if (!st.isSetNull_count() || st.getNull_count() < 0 || st.getNull_count() > rows) {
      return null;
    }
    long nulls = st.getNull_count();
    if (nulls == rows) {
      return new Long[] {nulls, null, null};
    }
    byte[] min = st.isSetMin_value() ? st.getMin_value() : st.isSetMin() ? st.getMin() : null;
    byte[] max = st.isSetMax_value() ? st.getMax_value() : st.isSetMax() ? st.getMax() : null;
    Long lo = littleEndian(min);
    Long hi = littleEndian(max);
    return lo == null || hi == null || lo > hi ? null : new Long[] {nulls, lo, hi};
  }

  private static Long littleEndian(byte[] b) {
    if (b == null || (b.length != 4 && b.length != 8)) {
      return null;
    }
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    return b.length == 4 ? (long) buf.getInt() : buf.getLong();
  }

  /** The rows of the current row group. */
  public long rowCount() {
    return rows;
  }

  /**
   * Passes the value of {@code column} in each row of the current row group, in order (null for null).
   * Different columns may be read at the same time by different threads.
   */
  public void read(int column, Consumer<Object> sink) {
    if (constants[column] != FROM_FILE) {
      Object v = constants[column];
      for (long r = 0; r < rows; r++) {
        sink.accept(v);
      }
      return;
    }
    ColumnDescriptor d = descriptors[column];
    forwards[column].target = sink;
    try {
      ColumnReader reader;
      synchronized (this) {
        reader = store.getColumnReader(d); // then each column's reader, pages and converter are its own
      }
      int max = d.getMaxDefinitionLevel();
      for (long r = 0; r < rows; r++) {
        if (reader.getCurrentDefinitionLevel() == max) {
          reader.writeCurrentValueToConverter();
        } else {
          sink.accept(null);
        }
        reader.consume();
      }
    } catch (RuntimeException e) {
      close();
      throw ParquetFiles.decodeFailure(path, e);
    }
  }

  @Override
  public void close() {
    ParquetFiles.closeQuietly(file);
  }
}
