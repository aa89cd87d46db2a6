package io.tidelake.table.internal.checkpoint;

import io.tidelake.format.CloseableIterator;
import io.tidelake.format.Row;
import io.tidelake.format.parquet.CorruptDataFileException;
import io.tidelake.format.parquet.DataFileReader;
import io.tidelake.format.store.FileInfo;
import io.tidelake.format.store.ObjectNotFoundException;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.types.StructType;
import io.tidelake.table.CorruptLogException;
import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.Sidecar;
import io.tidelake.table.internal.DataPaths;
import io.tidelake.table.internal.codec.ActionCodec;
import io.tidelake.table.internal.log.LogPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads classic and multi-part Parquet checkpoints and V2 checkpoints (JSON or Parquet top file, with
 * file actions inline or in {@code _delta_log/_sidecars/} Parquet files). Columns are resolved by name,
 * so checkpoints from other writers with more or fewer columns read the same.
 */
public final class ParquetCheckpointReader implements CheckpointReader {

  @Override
  public void read(ObjectStore store, String tableRoot, List<FileInfo> parts, Consumer<Action> sink) {
    List<Sidecar> sidecars = new ArrayList<>();
    Consumer<Action> collect = a -> {
      if (a instanceof Sidecar s) {
        sidecars.add(s);
      } else {
        sink.accept(a);
      }
    };
    for (FileInfo part : parts) {
      if (part.name().endsWith(".json")) {
        String name = LogPaths.LOG_DIR + "/" + part.name();
        ActionCodec.INSTANCE.parseCommit(store.readAll(part.path()), name).forEach(collect);
      } else {
        readParquet(store, part.path(), CheckpointSchema.READ, collect);
      }
    }
    String sidecarDir = LogPaths.logDir(tableRoot) + "/" + LogPaths.SIDECARS_DIR;
    for (Sidecar s : sidecars) {
      String path = s.path().contains("/")
          ? DataPaths.resolve(store, tableRoot, s.path())
          : sidecarDir + "/" + DataPaths.percentDecode(s.path());
      readParquet(store, path, CheckpointSchema.SIDECAR_READ, sink);
    }
  }

  private static void readParquet(ObjectStore store, String path, StructType schema, Consumer<Action> sink) {
    try (CloseableIterator<Row> rows = DataFileReader.readSparse(store, path, file -> withStatsParsed(file, schema))) {
      while (rows.hasNext()) {
        Action a = CheckpointRows.fromRow(rows.next());
        if (a != null) {
          sink.accept(a);
        }
      }
    } catch (CorruptDataFileException | ObjectNotFoundException e) {
      throw corrupt(path, e);
    }
  }

  /**
   * {@code schema} plus the file's {@code add.stats_parsed} column when it has one (its type depends on
   * the table, so it comes from the file's own schema).
   */
  private static StructType withStatsParsed(org.apache.parquet.schema.MessageType file, StructType schema) {
    StructType stats = ParsedStatsReader.statsType(file);
    return stats == null ? schema : CheckpointSchema.read(schema, stats);
  }

  private static CorruptLogException corrupt(String path, RuntimeException e) {
    String problem = e instanceof CorruptDataFileException c ? c.problem() : e.getMessage();
    // the remedy depends on what else the log holds: the replay that catches this adds it
    return new CorruptLogException(path, 0, "Checkpoint file " + path + " cannot be read: " + problem, e);
  }
}
