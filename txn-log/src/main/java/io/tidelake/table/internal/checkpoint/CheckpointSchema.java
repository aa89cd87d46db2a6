package io.tidelake.table.internal.checkpoint;

import static io.tidelake.format.types.PrimitiveType.BOOLEAN;
import static io.tidelake.format.types.PrimitiveType.INTEGER;
import static io.tidelake.format.types.PrimitiveType.LONG;
import static io.tidelake.format.types.PrimitiveType.STRING;

import io.tidelake.format.types.ArrayType;
import io.tidelake.format.types.MapType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;

/**
 * The classic (V1) checkpoint schema of the protocol: one nullable struct column per action type, as
 * delta-spark writes it. Readers resolve columns by name, so the same schema (plus the V2 columns) is
 * used to read checkpoints from other writers; columns a file lacks read as null.
 */
public final class CheckpointSchema {
  private CheckpointSchema() {}

  static final MapType STRING_MAP = new MapType(STRING, STRING, true);

  static final StructType DELETION_VECTOR = StructType.of(
      f("storageType", STRING), f("pathOrInlineDv", STRING), f("offset", INTEGER),
      f("sizeInBytes", INTEGER), f("cardinality", LONG), f("maxRowIndex", LONG));

  static final StructType TXN = StructType.of(f("appId", STRING), f("version", LONG), f("lastUpdated", LONG));

  static final StructType ADD = StructType.of(
      f("path", STRING), f("partitionValues", STRING_MAP), f("size", LONG), f("modificationTime", LONG),
      f("dataChange", BOOLEAN), f("tags", STRING_MAP), f("deletionVector", DELETION_VECTOR),
      f("baseRowId", LONG), f("defaultRowCommitVersion", LONG), f("clusteringProvider", STRING),
      f("stats", STRING));

  static final StructType REMOVE = StructType.of(
      f("path", STRING), f("deletionTimestamp", LONG), f("dataChange", BOOLEAN),
      f("extendedFileMetadata", BOOLEAN), f("partitionValues", STRING_MAP), f("size", LONG),
      f("deletionVector", DELETION_VECTOR), f("baseRowId", LONG), f("defaultRowCommitVersion", LONG));

  static final StructType FORMAT = StructType.of(f("provider", STRING), f("options", STRING_MAP));

  static final StructType METADATA = StructType.of(
      f("id", STRING), f("name", STRING), f("description", STRING),
      f("format", CheckpointSchema.FORMAT),
      f("schemaString", STRING), f("partitionColumns", new ArrayType(STRING, true)),
      f("configuration", STRING_MAP), f("createdTime", LONG));

  static final StructType PROTOCOL = StructType.of(
      f("minReaderVersion", INTEGER), f("minWriterVersion", INTEGER),
      f("readerFeatures", new ArrayType(STRING, true)), f("writerFeatures", new ArrayType(STRING, true)));

  static final StructType DOMAIN_METADATA = StructType.of(
      f("domain", STRING), f("configuration", STRING), f("removed", BOOLEAN));

  static final StructType CHECKPOINT_METADATA = StructType.of(f("version", LONG), f("tags", STRING_MAP));

  static final StructType SIDECAR = StructType.of(
      f("path", STRING), f("sizeInBytes", LONG), f("modificationTime", LONG), f("tags", STRING_MAP));

  /** What Tidelake writes: the V1 classic checkpoint. */
  public static final StructType WRITE = StructType.of(
      f("txn", TXN), f("add", ADD), f("remove", REMOVE), f("metaData", METADATA), f("protocol", PROTOCOL),
      f("domainMetadata", DOMAIN_METADATA));

  /** What Tidelake reads: V1 plus the V2 checkpointMetadata and sidecar columns. */
  public static final StructType READ = WRITE.add(f("checkpointMetadata", CHECKPOINT_METADATA))
      .add(f("sidecar", SIDECAR));

  /** Sidecar files hold only file actions. */
  public static final StructType SIDECAR_READ = StructType.of(f("add", ADD), f("remove", REMOVE));

  /**
   * {@link #WRITE} with the typed columns {@code add.partitionValues_parsed} and {@code add.stats_parsed}
   * ({@code delta.checkpoint.writeStatsAsStruct=true}); either may be null for none.
   */
  static StructType write(StructType partitionValuesParsed, StructType statsParsed) {
    return withAddColumns(WRITE, partitionValuesParsed, statsParsed);
  }

  /** {@code base} ({@link #READ} or {@link #SIDECAR_READ}) also reading {@code add.stats_parsed} of this type. */
  static StructType read(StructType base, StructType statsParsed) {
    return withAddColumns(base, null, statsParsed);
  }

  private static StructType withAddColumns(StructType base, StructType partitionValuesParsed, StructType statsParsed) {
    StructType add = ADD;
    if (partitionValuesParsed != null) {
      add = add.add(f("partitionValues_parsed", partitionValuesParsed));
    }
    if (statsParsed != null) {
      add = add.add(f("stats_parsed", statsParsed));
    }
    if (add == ADD) {
      return base;
    }
    java.util.List<StructField> fields = new java.util.ArrayList<>(base.fields());
    fields.set(base.indexOf("add"), f("add", add));
    return new StructType(fields);
  }

  private static StructField f(String name, io.tidelake.format.types.DataType type) {
    return new StructField(name, type, true);
  }
}
