package io.tidelake.stream;

import io.tidelake.format.CloseableIterator;
import io.tidelake.format.GenericRow;
import io.tidelake.format.Row;
import io.tidelake.format.TidelakeException;
import io.tidelake.format.expr.Expression;
import io.tidelake.format.expr.Expressions;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import io.tidelake.table.ChangeType;
import io.tidelake.table.Scan;
import io.tidelake.table.Snapshot;
import io.tidelake.table.Table;
import io.tidelake.table.VersionChanges;
import io.tidelake.table.VersionNotFoundException;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.RemoveFile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Plans and reads the batches of one {@link TableSource} for one run of a query: which files come after
 * an offset (Delta's order and admission rules), and their rows. The read schema is the table's schema
 * when the run starts; a later schema change stops the stream ({@link SourceSchemaChangedException}).
 */
final class SourcePlanner {
  private final TableSource src;
  private final Table table;
  private final Snapshot readSnapshot;
  private final String reservoirId;
  private final StructType tableSchema;
  private final Expression cdfFilter;
  private Snapshot initialSnapshot; // the snapshot the stream starts with, kept: its batches all read it
  private List<AddFile> initialFiles; // its files in Delta source order (see inDeltaSourceOrder)

  SourcePlanner(TableSource src) {
    src.validate();
    this.src = src;
    this.table = src.table;
    this.readSnapshot = table.snapshot();
    this.reservoirId = readSnapshot.metadata().id();
    this.tableSchema = readSnapshot.schema();
    src.outputSchema(tableSchema); // validates the projection now
    this.cdfFilter = src.readChangeFeed && src.where != null
        ? Expressions.parseCondition(src.where, src.fullSchema(tableSchema)) : null;
    if (!src.readChangeFeed && src.where != null) {
      readSnapshot.newScan().where(src.where); // validates the condition now
    }
  }

  StructType outputSchema() {
    return src.outputSchema(tableSchema);
  }

  String reservoirId() {
    return reservoirId;
  }

  String tableLocation() {
    return table.location();
  }

  /** The newest version of the table now (one LIST of the log). */
  long latestVersion() {
    return table.snapshot().version();
  }

  /** Where a fresh stream begins, from the starting options: before its first file. */
  SourceOffset initialStart() {
    long latest = readSnapshot.version();
    if (src.startingLatest) {
      return SourceOffset.of(reservoirId, latest + 1, SourceOffset.BASE_INDEX, false);
    }
    if (src.startingVersion != null) {
      if (src.startingVersion > latest) {
        throw new StreamingException("startingVersion " + src.startingVersion + " is after the newest version "
            + latest + " of " + table.location() + "; use a version <= " + latest + ", or 'latest' to read only "
            + "new commits");
      }
      return SourceOffset.of(reservoirId, src.startingVersion, SourceOffset.BASE_INDEX, false);
    }
    if (src.startingTimestamp != null) {
      Instant t = src.startingTimestamp;
      if (t.toEpochMilli() > readSnapshot.timestamp()) {
        throw new StreamingException("startingTimestamp " + t + " is after the newest commit of " + table.location()
            + " (version " + latest + " at " + Instant.ofEpochMilli(readSnapshot.timestamp()) + "); use an "
            + "earlier time, or startingVersion=latest to read only new commits");
      }
      long first;
      try {
        first = table.snapshotAsOf(t.minusMillis(1)).version() + 1;
      } catch (TidelakeException e) {
        first = 0; // the time precedes the first commit
      }
      return SourceOffset.of(reservoirId, first, SourceOffset.BASE_INDEX, false);
    }
    return SourceOffset.of(reservoirId, latest, SourceOffset.BASE_INDEX, true);
  }

  /** Fails when an offset of the checkpoint was taken from another table. */
  void checkSameTable(SourceOffset o, String where) {
    if (o != null && !reservoirId.equals(o.reservoirId())) {
      throw new CheckpointConflictException("The checkpoint's offset in " + where + " belongs to table id "
          + o.reservoirId() + ", but " + table.location() + " has id " + reservoirId + " (the table was "
          + "re-created, or the checkpoint belongs to another stream); use a fresh checkpoint");
    }
  }

  /**
   * The files after {@code start} up to version {@code lastVersion}; with {@code limited}, no more than
   * the rate limits admit (at least one file).
   */
  SourceBatch plan(SourceOffset start, long lastVersion, boolean limited) {
    return plan(start, lastVersion, limited, null);
  }

  /** The files after {@code start} up to and including offset {@code end}: a batch re-run after a restart. */
  /**
   * The initial snapshot's files in the order Delta's streaming source indexes them: by modification time,
   * then path. Oldest data first, so rate-limited batches of a backfill follow the order it was written in
   * (which event-time watermarks rely on), and the same order on every restart.
   */
  static List<AddFile> inDeltaSourceOrder(Snapshot s) {
    List<AddFile> files = new ArrayList<>(s.filesInOrder());
    files.sort(java.util.Comparator.comparingLong(AddFile::modificationTime).thenComparing(AddFile::path));
    return files;
  }

  SourceBatch replan(SourceOffset start, SourceOffset end) {
    return plan(start, end.reservoirVersion(), false, end);
  }

  private SourceBatch plan(SourceOffset start, long lastVersion, boolean limited, SourceOffset stopAt) {
    Admission adm = new Admission(limited);
    List<AddFile> snapshotFiles = new ArrayList<>();
    List<AddFile> changeFiles = new ArrayList<>();
    long snapshotVersion = -1;
    long v = start.reservoirVersion();
    long idx = start.index();
    if (start.isStartingVersion()) {
      snapshotVersion = v;
      if (initialSnapshot == null || initialSnapshot.version() != v) {
        initialSnapshot = table.snapshotAt(v);
        initialFiles = inDeltaSourceOrder(initialSnapshot);
      }
      List<AddFile> all = initialFiles;
      for (int i = (int) idx + 1; i < all.size(); i++) {
        if (stopAt != null && stopAt.isStartingVersion() && i > stopAt.index()) {
          return batch(start, stopAt, snapshotVersion, snapshotFiles, changeFiles, -1, -1, adm);
        }
        if (!adm.hasRoom()) {
          return batch(start, SourceOffset.of(reservoirId, v, i - 1, true), snapshotVersion, snapshotFiles,
              changeFiles, -1, -1, adm);
        }
        AddFile f = all.get(i);
        if (!excluded(f)) {
          adm.take(f.size());
          snapshotFiles.add(f);
        }
      }
      v = v + 1;
      idx = SourceOffset.BASE_INDEX;
    }
    SourceOffset end = SourceOffset.of(reservoirId, v, idx, false);
    long cdfFrom = -1;
    long cdfTo = -1;
    if (v <= lastVersion) {
      try (CloseableIterator<VersionChanges> it = changes(v)) {
        outer:
        while (it.hasNext() && adm.hasRoom()) {
          VersionChanges c = it.next();
          if (c.version() > lastVersion
              || (stopAt != null && c.version() == stopAt.reservoirVersion() && stopAt.index() < 0)) {
            break;
          }
          checkSchema(c);
          if (src.readChangeFeed) {
            int n = c.cdc().size() + (int) c.adds().stream().filter(AddFile::dataChange).count()
                + (int) c.removes().stream().filter(RemoveFile::dataChange).count();
            if (adm.files > 0 && !adm.fits(n)) {
              break; // a commit's changes are taken whole; the first one of a batch always
            }
            adm.takeMany(n, c.adds().stream().mapToLong(AddFile::size).sum());
            cdfFrom = cdfFrom < 0 ? c.version() : cdfFrom;
            cdfTo = c.version();
            end = SourceOffset.of(reservoirId, c.version() + 1, SourceOffset.BASE_INDEX, false);
            continue;
          }
          List<AddFile> adds = admittedAdds(c);
          long from = c.version() == start.reservoirVersion() && !start.isStartingVersion() ? idx + 1 : 0;
          for (long i = from; i < adds.size(); i++) {
            if (stopAt != null && c.version() == stopAt.reservoirVersion() && i > stopAt.index()) {
              break outer;
            }
            if (!adm.hasRoom()) {
              end = SourceOffset.of(reservoirId, c.version(), i - 1, false);
              break outer;
            }
            AddFile f = adds.get((int) i);
            if (!excluded(f)) {
              adm.take(f.size());
              changeFiles.add(f);
            }
          }
          end = SourceOffset.of(reservoirId, c.version() + 1, SourceOffset.BASE_INDEX, false);
        }
      }
    }
    return batch(start, stopAt != null ? stopAt : end, snapshotVersion, snapshotFiles, changeFiles, cdfFrom, cdfTo,
        adm);
  }

  private SourceBatch batch(SourceOffset start, SourceOffset end, long snapshotVersion, List<AddFile> snap,
      List<AddFile> changes, long cdfFrom, long cdfTo, Admission adm) {
    return new SourceBatch(start, end, snapshotVersion, snap, changes, cdfFrom, cdfTo, adm.files, adm.bytes);
  }

  private CloseableIterator<VersionChanges> changes(long from) {
    try {
      return table.changesFrom(from);
    } catch (VersionNotFoundException e) {
      throw new StreamingException("The stream needs version " + from + " of " + table.location()
          + ", which the log no longer has: " + e.getMessage() + " Restart with a fresh checkpoint (optionally "
          + "with startingVersion), or keep the log longer (delta.logRetentionDuration).", e);
    }
  }

  /** Delta's rules for a commit's data: which of its adds the stream emits, or why it stops. */
  private List<AddFile> admittedAdds(VersionChanges c) {
    boolean removes = c.removes().stream().anyMatch(RemoveFile::dataChange);
    List<AddFile> adds = c.adds().stream().filter(AddFile::dataChange).toList();
    if (!removes) {
      return adds; // appends; compaction (dataChange=false) has none
    }
    if (src.skipChangeCommits) {
      return List.of();
    }
    if (src.ignoreChanges || (src.ignoreDeletes && adds.isEmpty())) {
      return adds;
    }
    String op = c.commitInfo() == null ? null : c.commitInfo().operation();
    throw new SourceDataRemovedException(table.location(), c.version(), op, !adds.isEmpty());
  }

  /** A schema the stream cannot read on with: additive ones need a restart, others a new checkpoint. */
  private void checkSchema(VersionChanges c) {
    if (c.metadata() == null) {
      return;
    }
    StructType now = io.tidelake.format.types.SchemaJson.parse(c.metadata().schemaString());
    if (now.equals(tableSchema) || isAdditive(now, tableSchema)) {
      return; // unchanged, or an older schema this one extends (files read the new columns as null)
    }
    if (isAdditive(tableSchema, now)) {
      throw new SourceSchemaChangedException("The schema of " + table.location() + " gained columns at version "
          + c.version() + " (now " + now.simpleString() + "). Restart the query with the same checkpoint to read "
          + "on with the new columns.", true);
    }
    throw new SourceSchemaChangedException("The schema of " + table.location() + " changed incompatibly at version "
        + c.version() + " (from " + tableSchema.simpleString() + " to " + now.simpleString() + "): a column was "
        + "dropped, renamed or changed type. The stream cannot continue; start a new one with a fresh checkpoint "
        + "(startingVersion=" + c.version() + " to read from the change on).", false);
  }

  /** Whether {@code wider} is {@code narrower} plus nullable columns at the end. */
  private static boolean isAdditive(StructType narrower, StructType wider) {
    if (wider.size() <= narrower.size()) {
      return false;
    }
    for (int i = 0; i < narrower.size(); i++) {
      StructField a = narrower.field(i);
      StructField b = wider.field(i);
      if (!a.name().equalsIgnoreCase(b.name()) || !a.type().equals(b.type())) {
        return false;
      }
    }
    for (int i = narrower.size(); i < wider.size(); i++) {
      if (!wider.field(i).nullable()) {
        return false;
      }
    }
    return true;
  }

  private boolean excluded(AddFile f) {
    return src.excludeRegex != null && src.excludeRegex.matcher(f.path()).find();
  }

  /** The rows of a planned batch, filtered and projected. Close the iterator. */
  CloseableIterator<Row> read(SourceBatch b) {
    if (!src.readChangeFeed) {
      List<AddFile> all = new ArrayList<>(b.snapshotFiles());
      all.addAll(b.changeFiles());
      if (all.isEmpty()) {
        return CloseableIterator.empty();
      }
      Scan scan = readSnapshot.newScan().files(all);
      if (src.columns != null) {
        scan.select(src.columns);
      }
      if (src.where != null) {
        scan.where(src.where);
      }
      return scan.rows();
    }
    StructType full = src.fullSchema(tableSchema);
    List<Supplier<CloseableIterator<Row>>> parts = new ArrayList<>();
    if (!b.snapshotFiles().isEmpty()) {
      Snapshot s = table.snapshotAt(b.snapshotVersion());
      Object[] extra = {ChangeType.INSERT.text(), s.version(), Instant.ofEpochMilli(s.timestamp())};
      parts.add(() -> readSnapshot.newScan().files(b.snapshotFiles()).rows().map(r -> withExtra(r, full, extra)));
    }
    if (b.cdfFrom() >= 0) {
      parts.add(() -> table.changeFeed(b.cdfFrom(), b.cdfTo()).rows().map(r -> reshape(r, full)));
    }
    CloseableIterator<Row> rows = CloseableIterator.concat(parts.iterator());
    if (cdfFilter != null) {
      rows = rows.filter(r -> Boolean.TRUE.equals(cdfFilter.eval(r)));
    }
    if (src.columns != null) {
      StructType out = full.select(src.columns);
      int[] pos = new int[out.size()];
      for (int i = 0; i < pos.length; i++) {
        pos[i] = full.indexOf(out.field(i).name());
      }
      rows = rows.map(r -> {
        Object[] v = new Object[pos.length];
        for (int i = 0; i < pos.length; i++) {
          v[i] = r.get(pos[i]);
        }
        return GenericRow.trusted(out, v);
      });
    }
    return rows;
  }

  private static Row withExtra(Row r, StructType full, Object[] extra) {
    Object[] v = new Object[full.size()];
    int w = r.size();
    for (int i = 0; i < w; i++) {
      v[i] = r.get(i);
    }
    System.arraycopy(extra, 0, v, w, extra.length);
    return GenericRow.trusted(full, v);
  }

  /** A change-feed row in the stream's schema (the same columns; rebuilt so that the schema object is ours). */
  private static Row reshape(Row r, StructType full) {
    Object[] v = new Object[full.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.get(i);
    }
    return GenericRow.trusted(full, v);
  }

  /** Delta's admission control: a file is taken while both caps still have room before it. */
  private final class Admission {
    final boolean limited;
    final int maxFiles;
    int files;
    long bytes;

    Admission(boolean limited) {
      this.limited = limited;
      this.maxFiles = !src.maxFilesSet && src.maxBytesPerTrigger != Long.MAX_VALUE ? Integer.MAX_VALUE - 8
          : src.maxFilesPerTrigger;
    }

    boolean hasRoom() {
      return !limited || (files < maxFiles && bytes < src.maxBytesPerTrigger);
    }

    boolean fits(int n) {
      return !limited || files + n <= maxFiles;
    }

    void take(long size) {
      files++;
      bytes += size;
    }

    void takeMany(int n, long size) {
      files += Math.max(n, 1);
      bytes += size;
    }
  }
}
