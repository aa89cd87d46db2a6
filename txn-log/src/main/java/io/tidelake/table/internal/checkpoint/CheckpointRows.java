package io.tidelake.table.internal.checkpoint;

import io.tidelake.format.GenericRow;
import io.tidelake.format.Row;
import io.tidelake.format.types.StructType;
import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.CheckpointMetadata;
import io.tidelake.table.actions.DeletionVectorDescriptor;
import io.tidelake.table.actions.DomainMetadata;
import io.tidelake.table.actions.Format;
import io.tidelake.table.actions.Metadata;
import io.tidelake.table.actions.Protocol;
import io.tidelake.table.actions.RemoveFile;
import io.tidelake.table.actions.SetTransaction;
import io.tidelake.table.actions.Sidecar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Converts actions to checkpoint rows (one non-null action column per row) and back. */
final class CheckpointRows {
  private CheckpointRows() {}

  static Row toRow(Action a) {
    return toRow(a, CheckpointSchema.WRITE, null, true);
  }

  /**
   * One checkpoint row of {@code schema} ({@link CheckpointSchema#write}).
   *
   * @param parsed the typed add columns to fill, or null when the schema has none
   * @param statsAsJson whether {@code add.stats} (the JSON string) is written
   */
  static Row toRow(Action a, StructType schema, ParsedColumns parsed, boolean statsAsJson) {
    Object[] v = new Object[schema.size()];
    if (a instanceof SetTransaction t) {
      v[0] = row(CheckpointSchema.TXN, t.appId(), t.version(), t.lastUpdated());
    } else if (a instanceof AddFile f) {
      StructType addType = (StructType) schema.field(1).type();
      Object[] add = new Object[addType.size()];
      Object[] base = {f.path(), f.partitionValues(), f.size(), f.modificationTime(), f.dataChange(),
          f.tags(), dv(f.deletionVector()), f.baseRowId(), f.defaultRowCommitVersion(), f.clusteringProvider(),
          statsAsJson ? f.stats() : null};
      System.arraycopy(base, 0, add, 0, base.length);
      for (int i = base.length; i < add.length; i++) {
        add[i] = addType.field(i).name().equals("stats_parsed") ? parsed.stats(f) : parsed.partitionValues(f);
      }
      v[1] = GenericRow.trusted(addType, add);
    } else if (a instanceof RemoveFile r) {
      v[2] = row(CheckpointSchema.REMOVE, r.path(), r.deletionTimestamp(), r.dataChange(), r.extendedFileMetadata(),
          r.partitionValues(), r.size(), dv(r.deletionVector()), r.baseRowId(), r.defaultRowCommitVersion());
    } else if (a instanceof Metadata m) {
      v[3] = row(CheckpointSchema.METADATA, m.id(), m.name(), m.description(),
          row(CheckpointSchema.FORMAT, m.format().provider(), m.format().options()),
          m.schemaString(), m.partitionColumns(), m.configuration(), m.createdTime());
    } else if (a instanceof Protocol p) {
      v[4] = row(CheckpointSchema.PROTOCOL, p.minReaderVersion(), p.minWriterVersion(),
          p.readerFeatures() == null ? null : new ArrayList<>(p.readerFeatures()),
          p.writerFeatures() == null ? null : new ArrayList<>(p.writerFeatures()));
    } else if (a instanceof DomainMetadata d) {
      v[5] = row(CheckpointSchema.DOMAIN_METADATA, d.domain(), d.configuration(), d.removed());
    } else {
      throw new IllegalArgumentException("not a checkpoint action: " + a);
    }
    return GenericRow.trusted(schema, v);
  }

  private static Row dv(DeletionVectorDescriptor d) {
    return d == null ? null : row(CheckpointSchema.DELETION_VECTOR, d.storageType(), d.pathOrInlineDv(), d.offset(),
        d.sizeInBytes(), d.cardinality(), d.maxRowIndex());
  }

  private static Row row(StructType s, Object... values) {
    return GenericRow.trusted(s, values);
  }

  /** The action in a checkpoint row (read with {@link CheckpointSchema#READ} or SIDECAR_READ), or null. */
  static Action fromRow(Row r) {
    StructType s = r.schema();
    for (int i = 0; i < s.size(); i++) {
      Row a = (Row) r.get(i);
      if (a == null) {
        continue;
      }
      switch (s.field(i).name()) {
        case "add": {
          AddOrdinals o = addOrdinals(a.schema());
          if (a.get(o.path) == null) {
            continue;
          }
          return new AddFile((String) a.get(o.path), map(a.get(o.partitionValues)), lng(a.get(o.size)),
              lng(a.get(o.modificationTime)), bool(a.get(o.dataChange)), stats(a), mapOrNull(get(a, o.tags)),
              dvFrom((Row) get(a, o.deletionVector)), (Long) get(a, o.baseRowId),
              (Long) get(a, o.defaultRowCommitVersion), (String) get(a, o.clusteringProvider));
        }
        case "remove":
          if (a.get("path") == null) {
            continue;
          }
          return new RemoveFile((String) a.get("path"), (Long) a.get("deletionTimestamp"), bool(a.get("dataChange")),
              (Boolean) a.get("extendedFileMetadata"), mapOrNull(a.get("partitionValues")), (Long) a.get("size"), null,
              null, dvFrom((Row) a.get("deletionVector")), (Long) a.get("baseRowId"),
              (Long) a.get("defaultRowCommitVersion"));
        case "metaData": {
          if (a.get("id") == null && a.get("schemaString") == null) {
            continue;
          }
          Row fmt = (Row) a.get("format");
          Format format = new Format(fmt == null || fmt.get("provider") == null ? "parquet" : (String) fmt.get("provider"),
              fmt == null ? Map.of() : map(fmt.get("options")));
          return new Metadata((String) a.get("id"), (String) a.get("name"), (String) a.get("description"), format,
              (String) a.get("schemaString"), strings(a.get("partitionColumns")), map(a.get("configuration")),
              (Long) a.get("createdTime"));
        }
        case "protocol":
          if (a.get("minReaderVersion") == null) {
            continue;
          }
          return new Protocol((Integer) a.get("minReaderVersion"), (Integer) a.get("minWriterVersion"),
              a.get("readerFeatures") == null ? null : new TreeSet<>(strings(a.get("readerFeatures"))),
              a.get("writerFeatures") == null ? null : new TreeSet<>(strings(a.get("writerFeatures"))));
        case "txn":
          if (a.get("appId") == null) {
            continue;
          }
          return new SetTransaction((String) a.get("appId"), lng(a.get("version")), (Long) a.get("lastUpdated"));
        case "domainMetadata":
          if (a.get("domain") == null) {
            continue;
          }
          return new DomainMetadata((String) a.get("domain"), (String) a.get("configuration"), bool(a.get("removed")));
        case "checkpointMetadata":
          if (a.get("version") == null) {
            continue;
          }
          return new CheckpointMetadata(lng(a.get("version")), mapOrNull(a.get("tags")));
        case "sidecar":
          if (a.get("path") == null) {
            continue;
          }
          return new Sidecar((String) a.get("path"), lng(a.get("sizeInBytes")), lng(a.get("modificationTime")),
              mapOrNull(a.get("tags")));
        default:
          break;
      }
    }
    return null;
  }

  /**
   * The field ordinals of the add struct, resolved once per schema instead of by name per row and field
   * (a name lookup per field was 6 % of a 20,000-file snapshot load). All rows of a checkpoint share one
   * schema; the last one seen is cached.
   */
  private record AddOrdinals(StructType schema, int path, int partitionValues, int size, int modificationTime,
      int dataChange, int tags, int deletionVector, int baseRowId, int defaultRowCommitVersion,
      int clusteringProvider) {}

  private static volatile AddOrdinals lastAdd;

  private static AddOrdinals addOrdinals(StructType s) {
    AddOrdinals o = lastAdd;
    if (o == null || o.schema() != s) {
      o = new AddOrdinals(s, s.indexOf("path"), s.indexOf("partitionValues"), s.indexOf("size"),
          s.indexOf("modificationTime"), s.indexOf("dataChange"), s.indexOf("tags"), s.indexOf("deletionVector"),
          s.indexOf("baseRowId"), s.indexOf("defaultRowCommitVersion"), s.indexOf("clusteringProvider"));
      lastAdd = o;
    }
    return o;
  }

  /** The field at {@code ordinal}, or null when the schema has no such field (-1). */
  private static Object get(Row r, int ordinal) {
    return ordinal < 0 ? null : r.get(ordinal);
  }

  /** {@code add.stats}, or when a checkpoint carries them only as a struct, {@code add.stats_parsed} as JSON. */
  private static String stats(Row add) {
    String json = (String) add.get("stats");
    if (json != null) {
      return json;
    }
    int i = add.schema().indexOf("stats_parsed");
    return i < 0 || add.get(i) == null ? null : ParsedStatsReader.toJson((Row) add.get(i));
  }

  private static DeletionVectorDescriptor dvFrom(Row d) {
    if (d == null || d.get("storageType") == null) {
      return null;
    }
    return new DeletionVectorDescriptor((String) d.get("storageType"), (String) d.get("pathOrInlineDv"),
        (Integer) d.get("offset"), d.get("sizeInBytes") == null ? 0 : (Integer) d.get("sizeInBytes"),
        lng(d.get("cardinality")), (Long) d.get("maxRowIndex"));
  }

  private static long lng(Object o) {
    return o == null ? 0L : ((Number) o).longValue();
  }

  private static boolean bool(Object o) {
    return o != null && (Boolean) o;
  }

  /** The row's map as is: the action records make their own unmodifiable copy. */
  @SuppressWarnings("unchecked")
  private static Map<String, String> map(Object o) {
    return o == null ? Map.of() : (Map<String, String>) o;
  }

  private static Map<String, String> mapOrNull(Object o) {
    return o == null ? null : map(o);
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object o) {
    return o == null ? List.of() : new ArrayList<>((List<String>) o);
  }
}
