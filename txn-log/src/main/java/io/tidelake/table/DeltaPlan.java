package io.tidelake.table;

import io.tidelake.format.dv.DeletedRows;
import io.tidelake.format.dv.DeletionVectorWriter;
import io.tidelake.format.parquet.DataFileReader;
import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.AddCDCFile;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.DeletionVectorDescriptor;
import io.tidelake.table.internal.Filters;
import io.tidelake.table.internal.TableContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The actions of a {@link RowDelta}, with its deletion vectors written: for each file losing rows, the
 * new vector is the union of its current one and the rows deleted now; a file left without live rows is
 * removed instead, and one with a new vector becomes {@code remove(old DV) + add(same path, new DV)} with
 * wide stats (PROTOCOL.md "Deletion Vectors").
 *
 * @param dvAdded files that had no vector and got one
 * @param dvUpdated files whose vector was replaced by a larger one
 * @param dvRemoved files carrying a vector that were removed
 * @param ownFiles locations to delete if the commit fails
 */
record DeltaPlan(List<Action> actions, List<String> ownFiles, int dvAdded, int dvUpdated, int dvRemoved,
    boolean hasDvWork) {

  static DeltaPlan build(TableContext ctx, Snapshot base, List<AddFile> adds, List<AddFile> removes,
      Map<AddFile, DeletedRows> deletes, List<AddCDCFile> cdc, List<String> own) {
    long now = System.currentTimeMillis();
    List<Action> actions = new ArrayList<>();
    int dvRemoved = 0;
    for (AddFile r : removes) {
      actions.add(r.toRemove(now, true));
      if (r.deletionVector() != null) {
        dvRemoved++;
      }
    }
    DeletionVectorWriter dvWriter = new DeletionVectorWriter(ctx.store(), ctx.root());
    List<Pending> pending = new ArrayList<>();
    int dvAdded = 0;
    int dvUpdated = 0;
    for (Map.Entry<AddFile, DeletedRows> e : deletes.entrySet()) {
      AddFile f = e.getKey();
      long physical = physicalRows(ctx, f);
      if (e.getValue().maxRowIndex() >= physical) {
        throw new IllegalArgumentException("Cannot delete row " + e.getValue().maxRowIndex() + " of " + f.path()
            + " in " + ctx.root() + ": the file has " + physical + " rows (indexes 0 to " + (physical - 1)
            + "). Pass physical row indexes as Snapshot.readFile reports them.");
      }
      DeletedRows old = Filters.deletedRows(ctx, f);
      if (e.getValue().minus(old).isEmpty()) {
        continue; // every row is already deleted: the file keeps its vector, nothing to commit for it
      }
      DeletedRows all = old.union(e.getValue());
      if (all.cardinality() >= physical) {
        actions.add(f.toRemove(now, true)); // nothing left: a plain remove, as delta-spark does
        if (f.deletionVector() != null) {
          dvRemoved++;
        }
        continue;
      }
      if (f.deletionVector() == null) {
        dvAdded++;
      } else {
        dvUpdated++;
      }
      pending.add(new Pending(f, physical, dvWriter.add(all)));
    }
    List<String> ownFiles = new ArrayList<>(own);
    List<DeletionVectorWriter.Stored> stored = dvWriter.write();
    if (!stored.isEmpty()) {
      ownFiles.add(stored.get(0).location());
    }
    for (Pending p : pending) {
      AddFile f = p.file();
      DeletionVectorWriter.Stored s = stored.get(p.slot());
      DeletionVectorDescriptor dv = new DeletionVectorDescriptor("u", s.pathOrInlineDv(), s.offset(),
          s.sizeInBytes(), s.cardinality(), null);
      actions.add(f.toRemove(now, true));
      actions.add(new AddFile(f.path(), f.partitionValues(), f.size(), f.modificationTime(), true,
          RowChanges.wideBounds(f.stats(), p.physicalRows()), f.tags(), dv, f.baseRowId(),
          f.defaultRowCommitVersion(), f.clusteringProvider()));
    }
    actions.addAll(adds);
    actions.addAll(cdc);
    boolean dvWork = !deletes.isEmpty() || dvRemoved > 0
        || base.protocol().supportsWriterFeature(io.tidelake.table.internal.replay.WriterFeatures.DELETION_VECTORS);
    return new DeltaPlan(actions, ownFiles, dvAdded, dvUpdated, dvRemoved, dvWork);
  }

  /** A file that gets a new vector: its physical row count (for its stats) and the vector's writer slot. */
  private record Pending(AddFile file, long physicalRows, int slot) {}

  /** Rows physically in the file: numRecords of its stats, else its footer. */
  private static long physicalRows(TableContext ctx, AddFile f) {
    Long n = Filters.numRecords(f);
    return n != null ? n : DataFileReader.rowCount(ctx.store(), ctx.resolveDataPath(f.path()));
  }
}
