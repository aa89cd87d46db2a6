package io.tidelake.tests.interop;

import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Operation;
import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionBuilder;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.defaults.internal.data.DefaultColumnarBatch;
import io.delta.kernel.defaults.internal.data.vector.DefaultGenericVector;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.hook.PostCommitHook;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.types.DataTypeJsonSerDe;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.delta.kernel.utils.FileStatus;
import io.tidelake.cli.CanonicalRows;
import io.tidelake.format.GenericRow;
import io.tidelake.format.Row;
import io.tidelake.format.types.ArrayType;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.MapType;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.SchemaJson;
import io.tidelake.format.types.StructType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Delta Kernel 4.4.0 with its default engine, as the independent reader and writer Tidelake must agree
 * with. Reads go through Kernel's documented scan path (scan files, Parquet handler, transformPhysicalData:
 * partition values, column mapping and deletion vectors all applied by Kernel). Rows become Tidelake rows
 * of the schema Kernel reports, so both sides are compared in the golden tables' canonical form.
 */
final class Kernel {
  private static final Engine ENGINE = DefaultEngine.create(new Configuration());

  private Kernel() {}

  static Engine engine() {
    return ENGINE;
  }

  /** What Kernel sees of a table at one version. */
  record Read(long version, StructType schema, List<String> partitionColumns, long files, List<String> lines) {
    String sha256() {
      return CanonicalRows.sha256(lines);
    }
  }

  static Read read(String path) {
    return read(Table.forPath(ENGINE, path).getLatestSnapshot(ENGINE));
  }

  static Read read(String path, long version) {
    return read(Table.forPath(ENGINE, path).getSnapshotAsOfVersion(ENGINE, version));
  }

  /** The last txn version Kernel finds for {@code appId}. */
  static Optional<Long> txnVersion(String path, String appId) {
    return Table.forPath(ENGINE, path).getLatestSnapshot(ENGINE).getLatestTransactionVersion(ENGINE, appId);
  }

  /** The txn version Kernel finds for {@code appId} at {@code version}. */
  static Optional<Long> txnVersion(String path, String appId, long version) {
    return Table.forPath(ENGINE, path).getSnapshotAsOfVersion(ENGINE, version).getLatestTransactionVersion(ENGINE, appId);
  }

  private static Read read(Snapshot snapshot) {
    StructType schema = SchemaJson.parse(snapshot.getSchema().toJson());
    Scan scan = snapshot.getScanBuilder().build();
    io.delta.kernel.data.Row scanState = scan.getScanState(ENGINE);
    io.delta.kernel.types.StructType physical = ScanStateRow.getPhysicalDataReadSchema(scanState);
    List<Row> rows = new ArrayList<>();
    long files = 0;
    try (CloseableIterator<FilteredColumnarBatch> scanFiles = scan.getScanFiles(ENGINE)) {
      while (scanFiles.hasNext()) {
        try (CloseableIterator<io.delta.kernel.data.Row> fileRows = scanFiles.next().getRows()) {
          while (fileRows.hasNext()) {
            io.delta.kernel.data.Row scanFile = fileRows.next();
            files++;
            FileStatus status = InternalScanFileUtils.getAddFileStatus(scanFile);
            CloseableIterator<ColumnarBatch> data = ENGINE.getParquetHandler()
                .readParquetFiles(Utils.singletonCloseableIterator(status), physical, Optional.empty())
                .map(FileReadResult::getData);
            try (CloseableIterator<FilteredColumnarBatch> logical =
                Scan.transformPhysicalData(ENGINE, scanState, scanFile, data)) {
              while (logical.hasNext()) {
                try (CloseableIterator<io.delta.kernel.data.Row> it = logical.next().getRows()) {
                  while (it.hasNext()) {
                    rows.add(toRow(it.next(), schema));
                  }
                }
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Read(snapshot.getVersion(), schema, snapshot.getPartitionColumnNames(), files,
        CanonicalRows.renderSorted(rows.iterator()));
  }

  // ---- Kernel values → Tidelake values (the Java types a Tidelake Row holds) ----

  private static Row toRow(io.delta.kernel.data.Row r, StructType schema) {
    Object[] v = new Object[schema.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.isNullAt(i) ? null : rowValue(r, i, schema.field(i).type());
    }
    return GenericRow.trusted(schema, v);
  }

  private static Object rowValue(io.delta.kernel.data.Row r, int i, DataType t) {
    if (t instanceof StructType s) {
      return toRow(r.getStruct(i), s);
    }
    if (t instanceof ArrayType a) {
      return list(r.getArray(i), a);
    }
    if (t instanceof MapType m) {
      return map(r.getMap(i), m);
    }
    if (t instanceof DecimalType) {
      return r.getDecimal(i);
    }
    return switch ((PrimitiveType) t) {
      case BOOLEAN -> r.getBoolean(i);
      case BYTE -> r.getByte(i);
      case SHORT -> r.getShort(i);
      case INTEGER -> r.getInt(i);
      case LONG -> r.getLong(i);
      case FLOAT -> r.getFloat(i);
      case DOUBLE -> r.getDouble(i);
      case STRING -> r.getString(i);
      case BINARY -> r.getBinary(i);
      case DATE -> LocalDate.ofEpochDay(r.getInt(i));
      case TIMESTAMP -> micros(r.getLong(i));
      case TIMESTAMP_NTZ -> LocalDateTime.ofInstant(micros(r.getLong(i)), ZoneOffset.UTC);
      default -> throw new IllegalStateException("unhandled type " + t);
    };
  }

  private static Object vectorValue(ColumnVector v, int i, DataType t) {
    if (v.isNullAt(i)) {
      return null;
    }
    if (t instanceof StructType s) {
      Object[] values = new Object[s.size()];
      for (int f = 0; f < values.length; f++) {
        values[f] = vectorValue(v.getChild(f), i, s.field(f).type());
      }
      return GenericRow.trusted(s, values);
    }
    if (t instanceof ArrayType a) {
      return list(v.getArray(i), a);
    }
    if (t instanceof MapType m) {
      return map(v.getMap(i), m);
    }
    if (t instanceof DecimalType) {
      return v.getDecimal(i);
    }
    return switch ((PrimitiveType) t) {
      case BOOLEAN -> v.getBoolean(i);
      case BYTE -> v.getByte(i);
      case SHORT -> v.getShort(i);
      case INTEGER -> v.getInt(i);
      case LONG -> v.getLong(i);
      case FLOAT -> v.getFloat(i);
      case DOUBLE -> v.getDouble(i);
      case STRING -> v.getString(i);
      case BINARY -> v.getBinary(i);
      case DATE -> LocalDate.ofEpochDay(v.getInt(i));
      case TIMESTAMP -> micros(v.getLong(i));
      case TIMESTAMP_NTZ -> LocalDateTime.ofInstant(micros(v.getLong(i)), ZoneOffset.UTC);
      default -> throw new IllegalStateException("unhandled type " + t);
    };
  }

  private static List<Object> list(ArrayValue a, ArrayType t) {
    List<Object> out = new ArrayList<>(a.getSize());
    for (int i = 0; i < a.getSize(); i++) {
      out.add(vectorValue(a.getElements(), i, t.elementType()));
    }
    return out;
  }

  private static Map<Object, Object> map(MapValue m, MapType t) {
    Map<Object, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < m.getSize(); i++) {
      out.put(vectorValue(m.getKeys(), i, t.keyType()), vectorValue(m.getValues(), i, t.valueType()));
    }
    return out;
  }

  private static Instant micros(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  // ---- Kernel writes: create and blind appends, the only writes Kernel does ----

  /** Creates a table with Kernel (version 0, no data). */
  static long create(String path, StructType schema, List<String> partitionColumns, Map<String, String> properties) {
    TransactionBuilder b = Table.forPath(ENGINE, path)
        .createTransactionBuilder(ENGINE, "tidelake-interop-tests", Operation.CREATE_TABLE)
        .withSchema(ENGINE, kernelSchema(schema))
        .withPartitionColumns(ENGINE, partitionColumns);
    if (!properties.isEmpty()) {
      b = b.withTableProperties(ENGINE, properties);
    }
    return commit(b.build(ENGINE), List.of());
  }

  /**
   * Appends rows (of the table's schema, partition columns included) with Kernel in one commit, one
   * data file per partition; with {@code appId} non-null the commit carries txn(appId, txnVersion).
   */
  static long append(String path, List<Row> rows, String appId, long txnVersion) {
    TransactionBuilder b = Table.forPath(ENGINE, path)
        .createTransactionBuilder(ENGINE, "tidelake-interop-tests", Operation.WRITE);
    if (appId != null) {
      b = b.withTransactionId(ENGINE, appId, txnVersion);
    }
    Transaction txn = b.build(ENGINE);
    io.delta.kernel.data.Row state = txn.getTransactionState(ENGINE);
    io.delta.kernel.types.StructType kSchema = txn.getSchema(ENGINE);
    StructType schema = SchemaJson.parse(kSchema.toJson());
    List<String> parts = txn.getPartitionColumns(ENGINE);
    Map<List<Object>, List<Row>> byPartition = new LinkedHashMap<>();
    for (Row r : rows) {
      List<Object> key = new ArrayList<>();
      for (String p : parts) {
        key.add(r.get(p));
      }
      byPartition.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
    }
    List<io.delta.kernel.data.Row> actions = new ArrayList<>();
    try {
      for (Map.Entry<List<Object>, List<Row>> e : byPartition.entrySet()) {
        Map<String, Literal> pv = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
          DataType t = schema.field(parts.get(i)).type();
          pv.put(parts.get(i), literal(t, e.getKey().get(i), kSchema.get(parts.get(i)).getDataType()));
        }
        FilteredColumnarBatch batch = new FilteredColumnarBatch(batch(schema, kSchema, e.getValue()), Optional.empty());
        CloseableIterator<FilteredColumnarBatch> physical =
            Transaction.transformLogicalData(ENGINE, state, Utils.singletonCloseableIterator(batch), pv);
        DataWriteContext ctx = Transaction.getWriteContext(ENGINE, state, pv);
        CloseableIterator<DataFileStatus> files = ENGINE.getParquetHandler()
            .writeParquetFiles(ctx.getTargetDirectory(), physical, ctx.getStatisticsColumns());
        Transaction.generateAppendActions(ENGINE, state, files, ctx).forEachRemaining(actions::add);
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return commit(txn, actions);
  }

  private static long commit(Transaction txn, List<io.delta.kernel.data.Row> actions) {
    TransactionCommitResult r = txn.commit(ENGINE,
        CloseableIterable.inMemoryIterable(Utils.toCloseableIterator(actions.iterator())));
    try {
      for (PostCommitHook hook : r.getPostCommitHooks()) {
        hook.threadSafeInvoke(ENGINE); // checkpoints (every 10 versions), checksums
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return r.getVersion();
  }

  private static io.delta.kernel.types.StructType kernelSchema(StructType schema) {
    return DataTypeJsonSerDe.deserializeStructType(schema.toJson());
  }

  private static ColumnarBatch batch(StructType schema, io.delta.kernel.types.StructType kSchema, List<Row> rows) {
    ColumnVector[] vectors = new ColumnVector[schema.size()];
    for (int c = 0; c < vectors.length; c++) {
      Object[] values = new Object[rows.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = kernelValue(schema.field(c).type(), rows.get(i).get(schema.field(c).name()));
      }
      vectors[c] = DefaultGenericVector.fromArray(kSchema.at(c).getDataType(), values);
    }
    return new DefaultColumnarBatch(rows.size(), kSchema, vectors);
  }

  /** A Tidelake value as Kernel holds it in vectors: dates as epoch days, timestamps as epoch micros. */
  private static Object kernelValue(DataType t, Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof LocalDate d) {
      return (int) d.toEpochDay();
    }
    if (v instanceof Instant ts) {
      return ChronoUnit.MICROS.between(Instant.EPOCH, ts);
    }
    if (v instanceof LocalDateTime ts) {
      return ChronoUnit.MICROS.between(Instant.EPOCH, ts.toInstant(ZoneOffset.UTC));
    }
    if (t instanceof StructType || t instanceof ArrayType || t instanceof MapType) {
      throw new IllegalArgumentException("Kernel appends in these tests use primitive columns only");
    }
    return v;
  }

  private static Literal literal(DataType t, Object v, io.delta.kernel.types.DataType kType) {
    if (v == null) {
      return Literal.ofNull(kType);
    }
    if (t instanceof DecimalType d) {
      return Literal.ofDecimal((BigDecimal) v, d.precision(), d.scale());
    }
    return switch ((PrimitiveType) t) {
      case BOOLEAN -> Literal.ofBoolean((Boolean) v);
      case BYTE -> Literal.ofByte((Byte) v);
      case SHORT -> Literal.ofShort((Short) v);
      case INTEGER -> Literal.ofInt((Integer) v);
      case LONG -> Literal.ofLong((Long) v);
      case FLOAT -> Literal.ofFloat((Float) v);
      case DOUBLE -> Literal.ofDouble((Double) v);
      case STRING -> Literal.ofString((String) v);
      case DATE -> Literal.ofDate((int) ((LocalDate) v).toEpochDay());
      case TIMESTAMP -> Literal.ofTimestamp((Long) kernelValue(t, v));
      case TIMESTAMP_NTZ -> Literal.ofTimestampNtz((Long) kernelValue(t, v));
      default -> throw new IllegalArgumentException("no partition literal for " + t);
    };
  }

  /** The rows of a Tidelake scan in canonical form, for comparison with {@link Read#lines()}. */
  static List<String> canonical(io.tidelake.format.CloseableIterator<Row> rows) {
    try (rows) {
      return CanonicalRows.renderSorted(rows);
    }
  }
}
