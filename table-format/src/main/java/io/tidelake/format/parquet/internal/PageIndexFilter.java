package io.tidelake.format.parquet.internal;

import io.tidelake.format.parquet.ColumnMappingMode;
import io.tidelake.format.predicate.Predicate;
import io.tidelake.format.stats.StatsView;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnIndex;
import org.apache.parquet.format.OffsetIndex;
import org.apache.parquet.format.PageLocation;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;
import org.apache.parquet.schema.ColumnOrder;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Skips the pages of a row group that a scan predicate cannot match, from the Parquet page indexes
 * (ColumnIndex: per-page min/max/null counts; OffsetIndex: where each page starts and its first row).
 *
 * <p>For each top-level column the predicate reads, each page is tested with the predicate's own stats
 * skipping ({@link Predicate#mightMatch}) over a view that knows only that page's bounds: a page is dropped
 * only when no value inside its bounds can satisfy the predicate, whatever the other columns hold. The
 * rows kept are the intersection over those columns. The scan still filters every row it reads, so the
 * pages only decide what is decoded, never what is returned.
 *
 * <p>Left out on purpose (the page is kept): float and double columns (NaN makes their page bounds
 * unreliable across writers), INT96 timestamps, nested columns, and binary bounds of 64 bytes or more
 * (parquet-mr truncates index bounds at 64 bytes, possibly inside a UTF-8 character).
 */
public final class PageIndexFilter {
  private static final int TRUNCATION = 64;

  private final Predicate predicate;
  private final StructType schema;
  private final GroupConverters.Source source;

  /**
   * @param predicate bound to {@code schema}'s column names
   * @param schema the table's columns as read from files (column mapping metadata included)
   */
  public PageIndexFilter(Predicate predicate, StructType schema, ColumnMappingMode mode, String path) {
    this.predicate = predicate;
    this.schema = schema;
    this.source = new GroupConverters.Source(path, mode);
  }

  /** The rows of row group {@code index} worth decoding, or null for all of them (no usable index). */
  RowRanges rowsToRead(ParquetFile file, int index, MessageType fileSchema) throws IOException {
    RowGroup group = file.footer().rowGroups().get(index);
    RowRanges result = null;
    for (String name : predicate.referencedColumns()) {
      StructField f = field(name);
      if (f == null || !(f.type() instanceof PrimitiveType || f.type() instanceof DecimalType)) {
        continue;
      }
      int fi = GroupConverters.fieldIndex(fileSchema, f, source);
      if (fi < 0 || !fileSchema.getType(fi).isPrimitive()) {
        continue;
      }
      org.apache.parquet.schema.PrimitiveType leaf = fileSchema.getType(fi).asPrimitiveType();
      if (leaf.columnOrder().getColumnOrderName() != ColumnOrder.ColumnOrderName.TYPE_DEFINED_ORDER) {
        continue; // bounds in an undefined order (as parquet-mr, which then ignores the column index)
      }
      ColumnChunk chunk = chunk(group, leaf.getName());
      if (chunk == null || !chunk.isSetColumn_index_offset() || !chunk.isSetOffset_index_offset()) {
        continue;
      }
      ColumnIndex ci;
      OffsetIndex oi;
      try {
        ci = Util.readColumnIndex(new ByteArrayInputStream(
            file.read(chunk.getColumn_index_offset(), chunk.getColumn_index_length())));
        oi = file.offsetIndex(chunk);
      } catch (IOException | RuntimeException e) {
        continue; // an unreadable index only costs the skipping (parquet-mr ignores it too)
      }
      RowRanges rows = pagesThatMightMatch(name, f.type(), leaf, ci, oi, group.getNum_rows());
      if (rows != null) {
        result = result == null ? rows : result.intersect(rows);
      }
    }
    return result;
  }

  private StructField field(String name) {
    for (StructField f : schema.fields()) {
      if (f.name().equalsIgnoreCase(name)) {
        return f;
      }
    }
    return null;
  }

  private static ColumnChunk chunk(RowGroup group, String leafName) {
    for (ColumnChunk c : group.getColumns()) {
      List<String> p = c.getMeta_data() == null ? null : c.getMeta_data().getPath_in_schema();
      if (p != null && p.size() == 1 && p.get(0).equals(leafName)) {
        return c;
      }
    }
    return null;
  }

  /** Null when the index cannot be used for this column (every page is then kept). */
  private RowRanges pagesThatMightMatch(String column, DataType type, org.apache.parquet.schema.PrimitiveType leaf,
      ColumnIndex ci, OffsetIndex oi, long rowCount) {
    List<PageLocation> pages = oi.getPage_locations();
    int n = pages.size();
    if (n == 0 || ci.getNull_pages().size() != n || ci.getMin_values().size() != n
        || ci.getMax_values().size() != n || (ci.isSetNull_counts() && ci.getNull_counts().size() != n)
        || !validRowStarts(pages, rowCount)) {
      return null; // inconsistent indexes: trust nothing
    }
    RowRanges.Builder b = new RowRanges.Builder();
    for (int i = 0; i < n; i++) {
      long first = pages.get(i).getFirst_row_index();
      long last = (i + 1 < n ? pages.get(i + 1).getFirst_row_index() : rowCount) - 1;
      boolean allNull = ci.getNull_pages().get(i);
      Object min = allNull ? null : decode(type, leaf, ci.getMin_values().get(i));
      Object max = allNull ? null : decode(type, leaf, ci.getMax_values().get(i));
      Long nulls = ci.isSetNull_counts() ? ci.getNull_counts().get(i) : allNull ? last - first + 1 : null;
      if (predicate.mightMatch(new PageView(column, last - first + 1, min, max, nulls))) {
        b.add(first, last);
      }
    }
    return b.build();
  }

  /** Page first rows start at 0, strictly increase and stay inside the row group. */
  static boolean validRowStarts(List<PageLocation> pages, long rowCount) {
    long prev = -1;
    for (int i = 0; i < pages.size(); i++) {
      long first = pages.get(i).getFirst_row_index();
      if ((i == 0 && first != 0) || first <= prev || first >= rowCount) {
        return false;
      }
      prev = first;
    }
    return true;
  }

  /** One page of one column; every other column is unknown. */
  private record PageView(String column, long rows, Object min, Object max, Long nulls) implements StatsView {
    @Override
    public Long numRecords() {
      return rows;
    }

    @Override
    public Object min(String c) {
      return c.equalsIgnoreCase(column) ? min : null;
    }

    @Override
    public Object max(String c) {
      return c.equalsIgnoreCase(column) ? max : null;
    }

    @Override
    public Long nullCount(String c) {
      return c.equalsIgnoreCase(column) ? nulls : null;
    }
  }

  /** A page bound as the Java value a Row holds for {@code type}, or null when unusable. */
  static Object decode(DataType type, org.apache.parquet.schema.PrimitiveType leaf, ByteBuffer raw) {
    ByteBuffer b = raw.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    LogicalTypeAnnotation a = leaf.getLogicalTypeAnnotation();
    org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName p = leaf.getPrimitiveTypeName();
    if (type instanceof DecimalType) {
      if (!(a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation da)) {
        return null; // an integer column read as decimal (widening): its scale is 0, not the table's
      }
      int scale = da.getScale();
      switch (p) {
        case INT32:
          return b.remaining() == 4 ? BigDecimal.valueOf(b.getInt(), scale) : null;
        case INT64:
          return b.remaining() == 8 ? BigDecimal.valueOf(b.getLong(), scale) : null;
        case BINARY:
        case FIXED_LEN_BYTE_ARRAY: {
          byte[] bytes = bytes(b);
          return bytes.length == 0 || bytes.length >= TRUNCATION ? null : new BigDecimal(new BigInteger(bytes), scale);
        }
        default:
          return null;
      }
    }
    PrimitiveType t = (PrimitiveType) type;
    switch (t) {
      case BOOLEAN:
        return p == org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BOOLEAN && b.remaining() == 1
            ? b.get() != 0 : null;
      case BYTE:
      case SHORT:
      case INTEGER:
      case LONG:
        if (a != null && !(a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation ia && ia.isSigned())) {
          return null; // unsigned or otherwise annotated: a different order
        }
        return p == org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32 && b.remaining() == 4
            ? (Object) (long) b.getInt()
            : p == org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64 && b.remaining() == 8
                ? (Object) b.getLong() : null;
      case DATE:
        return p == org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32 && b.remaining() == 4
            ? LocalDate.ofEpochDay(b.getInt()) : null;
      case TIMESTAMP:
      case TIMESTAMP_NTZ: {
        if (p != org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64 || b.remaining() != 8) {
          return null; // INT96 and others: no usable order
        }
        LogicalTypeAnnotation.TimeUnit unit = a instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ta
            ? ta.getUnit() : LogicalTypeAnnotation.TimeUnit.MICROS;
        return PrimitiveConverters.timestamp(b.getLong(), unit, t == PrimitiveType.TIMESTAMP_NTZ);
      }
      case STRING: {
        if (p != org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY || b.remaining() >= TRUNCATION) {
          return null;
        }
        try {
          return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT).decode(b).toString();
        } catch (CharacterCodingException e) {
          return null;
        }
      }
      case BINARY:
        return p == org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY && b.remaining() < TRUNCATION
            ? bytes(b) : null;
      default:
        return null; // FLOAT, DOUBLE (NaN), and anything newer
    }
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  @Override
  public String toString() {
    return "PageIndexFilter(" + predicate.toSql() + ")";
  }
}
