package io.tidelake.stream;

import io.tidelake.format.CloseableIterator;
import io.tidelake.format.Row;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.types.StructType;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The micro-batch loop of one query run (Spark's MicroBatchExecution): plan the next batch from the last
 * end offset, write {@code offsets/N}, read → transform → sink, write {@code commits/N}, report progress,
 * wait for the trigger. On start it recovers from the checkpoint: a batch with offsets but no commit is
 * re-run with exactly its recorded offsets (the sink makes the re-run idempotent).
 */
final class MicroBatchExecution implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(MicroBatchExecution.class);
  /** Checkpoints in use by a query of this JVM: a second query on one fails at start. */
  private static final Set<String> ACTIVE = ConcurrentHashMap.newKeySet();
  /** As-fast-as-possible trigger: the first idle wait, doubled while nothing new arrives, up to the max. */
  private static final long IDLE_POLL_MS = 10;
  private static final long MAX_IDLE_POLL_MS = 1000;
  private long idleWaitMs = IDLE_POLL_MS;

  private final StreamingQueryBuilder spec;
  private final String runId = UUID.randomUUID().toString();
  private final String activeKey;
  private final ObjectStore checkpointStore;
  private final StreamCheckpoint cp;
  private final SourcePlanner planner;
  private final Function<Row, Row>[] stages;
  private final StructType outputSchema;
  private final Sink sink;
  private final WindowAggregator windows;
  private final Sink lateSink;
  private final Consumer<String> faults;
  private final Object monitor = new Object();
  private final ArrayDeque<QueryProgress> recent = new ArrayDeque<>();
  private volatile boolean stopRequested;
  private volatile QueryStatus status = new QueryStatus("Initializing", false, false);
  private volatile QueryProgress last;
  private volatile StreamingException failure;

  private long nextBatchId;
  private SourceOffset sourceStart;
  private SourceOffset prevEnd;
  private StreamCheckpoint.BatchOffsets pending;
  private long watermarkMs;
  private long prevTriggerStart = -1;
  private boolean sinkIdRecorded;

  @SuppressWarnings("unchecked")
  MicroBatchExecution(StreamingQueryBuilder spec) {
    this.spec = spec;
    this.faults = spec.faults;
    this.checkpointStore = spec.checkpoint.open();
    this.activeKey = checkpointStore.scheme() + "|" + spec.checkpoint.root();
    if (!ACTIVE.add(activeKey)) {
      if (spec.checkpoint.ownsStore()) {
        checkpointStore.close();
      }
      throw new CheckpointConflictException("Another query of this process is running on the checkpoint "
          + spec.checkpoint.root() + "; stop it first, or give this query its own checkpoint location");
    }
    Sink s = null;
    Sink late = null;
    try {
      this.planner = new SourcePlanner(spec.source);
      StructType schema = planner.outputSchema();
      List<Function<Row, Row>> fns = new ArrayList<>();
      for (Transform t : spec.transforms) {
        Transform.Bound b = t.bind(schema);
        fns.add(b.fn());
        schema = b.out();
      }
      this.stages = fns.toArray(Function[]::new);
      WindowSpec w = spec.window;
      if (w != null) {
        this.windows = new WindowAggregator(w, schema);
        schema = windows.outputSchema();
        if (w.lateTable != null) {
          late = new TableSink(w.lateTable, List.of(), null);
          late.prepare(windows.lateSchema(), OutputMode.APPEND);
        }
      } else {
        this.windows = null;
      }
      this.lateSink = late;
      this.outputSchema = schema;
      s = spec.buildSink();
      s.prepare(schema, spec.outputMode);
      this.sink = s;
      // a new query resolves where it starts before anything is written (a bad starting version/timestamp
      // fails here), and records that same offset below
      SourceOffset newStart = StreamCheckpoint.exists(checkpointStore, spec.checkpoint.root()) ? null
          : planner.initialStart();
      // only now, with the source, transformations and sink checked: bad input must not leave a checkpoint
      this.cp = StreamCheckpoint.openOrCreate(checkpointStore, spec.checkpoint.root(), Map.of("sourceLocation",
          planner.tableLocation(), "sourceTableId", planner.reservoirId(), "sinkLocation", s.location()));
      checkIdentity();
      recover();
      restoreState();
      if (prevEnd == null) { // the first batch (or its re-run) starts where the stream began
        sourceStart = cp.sourceStart().orElseGet(
            () -> cp.recordSourceStart(newStart != null ? newStart : planner.initialStart()));
        planner.checkSameTable(sourceStart, cp.location() + "/sources/0/0");
      }
    } catch (RuntimeException e) {
      if (s != null) {
        s.close();
      }
      if (late != null) {
        late.close();
      }
      release();
      throw e;
    }
  }

  /**
   * Fails fast when the checkpoint was made for another source table or another sink (Spark keeps a
   * checkpoint to its query too): its offsets would skip the new source's rows, or its finished batches
   * would be missing from the new sink.
   */
  private void checkIdentity() {
    Map<String, String> recorded = cp.identity();
    String sourceId = recorded.get("sourceTableId");
    if (sourceId != null && !sourceId.equals(planner.reservoirId())) {
      throw mismatch("source table", recorded.get("sourceLocation") + " (table id " + sourceId + ")",
          planner.tableLocation() + " (table id " + planner.reservoirId() + ")");
    }
    java.util.Optional<String> sinkId = cp.sinkTableId();
    java.util.Optional<String> nowId = sink.tableId();
    if (sinkId.isPresent() && !sinkId.equals(nowId)) {
      throw mismatch("sink table", recorded.getOrDefault("sinkLocation", sink.location()) + " (table id "
          + sinkId.get() + ")", sink.location() + nowId.map(id -> " (table id " + id + ")").orElse(" (no table)"));
    }
    String sinkLocation = recorded.get("sinkLocation");
    if (sinkLocation != null && !sinkLocation.equals(sink.location()) && sinkId.isEmpty()) {
      throw mismatch("sink", sinkLocation, sink.location());
    }
    recordSinkTableId();
  }

  private CheckpointMismatchException mismatch(String what, String recorded, String now) {
    return new CheckpointMismatchException("The checkpoint " + cp.location() + " belongs to a query with " + what + " "
        + recorded + ", but this query's " + what + " is " + now + ". A checkpoint serves one query: give this "
        + "query a new checkpoint location (to rebuild a sink from history, a fresh checkpoint and sink)");
  }

  /** Records the sink table's id once it exists (the first batch creates a missing sink). */
  private void recordSinkTableId() {
    if (!sinkIdRecorded) {
      sink.tableId().ifPresent(id -> {
        cp.recordSinkTableId(sink.location(), id);
        sinkIdRecorded = true;
      });
    }
  }

  String queryId() {
    return cp.queryId();
  }

  String runId() {
    return runId;
  }

  String name() {
    return spec.name != null ? spec.name : cp.queryId();
  }

  /** Spark's populateStartOffsets: continue after the last committed batch, or re-run the uncommitted one. */
  private void recover() {
    var latest = cp.latestOffsetsBatch();
    if (latest.isEmpty()) {
      nextBatchId = 0;
      prevEnd = null;
      return;
    }
    long n = latest.getAsLong();
    StreamCheckpoint.BatchOffsets offsets = cp.offsets(n).orElseThrow();
    planner.checkSameTable(offsets.end(), cp.location() + "/offsets/" + n);
    watermarkMs = offsets.batchWatermarkMs();
    var committed = cp.nextBatchWatermarkMs(n);
    if (committed.isPresent()) {
      watermarkMs = Math.max(watermarkMs, committed.getAsLong());
      nextBatchId = n + 1;
      prevEnd = offsets.end();
      return;
    }
    nextBatchId = n;
    pending = offsets;
    if (n == 0) {
      prevEnd = null;
    } else {
      prevEnd = cp.offsets(n - 1).orElseThrow(() -> new CheckpointConflictException("Batch " + (n - 1)
          + " doesn't exist in " + cp.location() + "/offsets, but batch " + n + " does; delete offsets files so "
          + "that the last two are consecutive")).end();
    }
  }

  /** Window state as of the batch before the next one (saved with each batch). */
  private void restoreState() {
    if (windows == null || nextBatchId == 0) {
      return;
    }
    long base = nextBatchId - 1;
    String where = cp.location() + "/state/" + WindowAggregator.STATE_NAME + "/" + base;
    byte[] bytes = cp.readState(WindowAggregator.STATE_NAME, base).orElseThrow(() -> new CheckpointConflictException(
        "The window state of batch " + base + " is missing (" + where + "): the checkpoint was written by a query "
            + "without these windows. Use a fresh checkpoint for the windowed query"));
    windows.restore(bytes, where);
  }

  void requestStop() {
    stopRequested = true;
    synchronized (monitor) {
      monitor.notifyAll();
    }
  }

  StreamingException failure() {
    return failure;
  }

  QueryProgress lastProgress() {
    return last;
  }

  synchronized List<QueryProgress> recentProgress() {
    return List.copyOf(recent);
  }

  QueryStatus status() {
    return status;
  }

  @Override
  public void run() {
    Throwable error = null;
    for (StreamingQueryListener l : spec.listeners) {
      l.onQueryStarted(queryId(), runId);
    }
    try {
      loop();
      status = new QueryStatus("Stopped", false, false);
    } catch (Throwable t) {
      error = t;
      // our typed errors say what to do themselves; anything else is wrapped with the batch it broke
      failure = t instanceof StreamingException se ? se : new StreamingQueryException(queryId(), nextBatchId, t);
      status = new QueryStatus("Terminated with error: " + t.getMessage(), false, false);
      LOG.error("Query {} (run {}) stopped in batch {}: {}", queryId(), runId, nextBatchId, t.toString());
    } finally {
      for (Sink each : new Sink[] {sink, lateSink}) {
        try {
          if (each != null) {
            each.close();
          }
        } catch (RuntimeException e) {
          LOG.warn("Closing a sink of query {} failed: {}", queryId(), e.toString());
        }
      }
      release();
      for (StreamingQueryListener l : spec.listeners) {
        l.onQueryTerminated(queryId(), runId, error);
      }
    }
  }

  private void release() {
    ACTIVE.remove(activeKey);
    if (spec.checkpoint.ownsStore()) {
      checkpointStore.close();
    }
  }

  private void loop() {
    Trigger.Kind kind = spec.trigger.kind();
    long availableNowLast = kind == Trigger.Kind.AVAILABLE_NOW ? planner.latestVersion() : -1;
    while (!stopRequested) {
      long t0 = System.currentTimeMillis();
      status = new QueryStatus("Planning batch " + nextBatchId, false, true);
      SourceOffset from = prevEnd != null ? prevEnd : sourceStart;
      SourceBatch batch;
      boolean rerun = pending != null;
      if (rerun) {
        batch = planner.replan(from, pending.end());
        LOG.info("Query {}: re-running uncommitted batch {} with its recorded offsets", queryId(), nextBatchId);
      } else {
        long lastVersion = kind == Trigger.Kind.AVAILABLE_NOW ? availableNowLast : planner.latestVersion();
        batch = planner.plan(from, lastVersion, kind != Trigger.Kind.ONCE);
        if (!batch.advances(from) && windows != null && spec.outputMode != OutputMode.COMPLETE
            && windows.wouldEmit(watermarkMs)) {
          // the watermark moved past windows in the last batch: a batch without data emits (append) or
          // evicts (update) them
          batch = new SourceBatch(from, from, -1, List.of(), List.of(), -1, -1, 0, 0);
        } else if (!batch.advances(from)) {
          if (kind != Trigger.Kind.PROCESSING_TIME) {
            break;
          }
          status = new QueryStatus("Waiting for data to arrive", false, false);
          if (spec.trigger.interval().isZero()) {
            waitUntil(t0 + idleWaitMs); // idle backoff: 10 ms, 20 ms, ... up to 1 s while nothing arrives
            idleWaitMs = Math.min(MAX_IDLE_POLL_MS, idleWaitMs * 2);
          } else {
            waitUntil(nextTrigger(t0));
          }
          continue;
        }
      }
      long planned = System.currentTimeMillis();
      if (!rerun) {
        cp.writeOffsets(new StreamCheckpoint.BatchOffsets(nextBatchId, watermarkMs, t0, batch.end()), confJson());
      }
      faults.accept("afterOffsets");
      long walDone = System.currentTimeMillis();
      status = new QueryStatus("Processing batch " + nextBatchId, true, true);
      long[] inputRows = {0};
      Sink.Result result;
      long nextWatermark = watermarkMs;
      long lateRows = 0;
      try (CloseableIterator<Row> rows = planner.read(batch)) {
        Iterator<Row> out = transformed(rows, inputRows);
        if (windows != null) {
          WindowAggregator.BatchOutput w = windows.process(out, watermarkMs, nextBatchId, spec.outputMode);
          lateRows = w.late().size();
          if (lateSink != null) {
            lateSink.addBatch(queryId(), nextBatchId, windows.lateSchema(), w.late().iterator(), OutputMode.APPEND);
          } else if (lateRows > 0) {
            LOG.warn("Query {} batch {}: {} late rows and no late table to keep them (WindowSpec.lateTable)",
                queryId(), nextBatchId, lateRows);
          }
          out = w.output().iterator();
          nextWatermark = w.nextWatermarkMs();
        }
        result = sink.addBatch(queryId(), nextBatchId, outputSchema, out, spec.outputMode);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new StreamingQueryException(queryId(), nextBatchId, e);
      }
      faults.accept("afterSink");
      if (windows != null) {
        cp.writeState(WindowAggregator.STATE_NAME, nextBatchId, windows.save());
      }
      recordSinkTableId();
      long sinkDone = System.currentTimeMillis();
      cp.writeCommit(nextBatchId, nextWatermark);
      long end = System.currentTimeMillis();
      report(batch, from, inputRows[0], result, t0, planned, walDone, sinkDone, end, lateRows);
      watermarkMs = nextWatermark;
      prevEnd = batch.end();
      pending = null;
      nextBatchId++;
      if (kind == Trigger.Kind.ONCE) {
        break;
      }
      if (kind == Trigger.Kind.PROCESSING_TIME) {
        long next = nextTrigger(t0);
        if (System.currentTimeMillis() > next && !spec.trigger.interval().isZero()) {
          LOG.warn("Query {}: current batch is falling behind: trigger interval {} ms, batch took {} ms",
              queryId(), spec.trigger.interval().toMillis(), end - t0);
        }
        status = new QueryStatus("Waiting for next trigger", false, false);
        waitUntil(next);
      }
    }
  }

  /** The next batch starts an interval after this one started; an overrun batch is followed at once. */
  private long nextTrigger(long batchStart) {
    long interval = spec.trigger.interval().toMillis();
    if (interval == 0) {
      idleWaitMs = IDLE_POLL_MS; // data arrived: poll again at once, back off only while idle
      return batchStart;
    }
    return batchStart + interval;
  }

  private void waitUntil(long time) {
    synchronized (monitor) {
      long now;
      while (!stopRequested && (now = System.currentTimeMillis()) < time) {
        try {
          monitor.wait(time - now);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          stopRequested = true;
        }
      }
    }
  }

  private String confJson() {
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, String> e : spec.source.describe().entrySet()) {
      sb.append(sb.length() > 1 ? "," : "").append("\"tidelake.source.").append(e.getKey()).append("\":\"")
          .append(e.getValue()).append('"');
    }
    return sb.append('}').toString();
  }

  /** The rows through every transformation (a stage returns null to drop a row), counting the input. */
  private CloseableIterator<Row> transformed(CloseableIterator<Row> in, long[] inputRows) {
    return in.map(r -> {
      inputRows[0]++;
      Row out = r;
      for (int i = 0; i < stages.length && out != null; i++) {
        out = stages[i].apply(out);
      }
      return out;
    }).filter(java.util.Objects::nonNull);
  }

  private void report(SourceBatch batch, SourceOffset from, long inputRows, Sink.Result result, long t0,
      long planned, long walDone, long sinkDone, long end, long lateRows) {
    Map<String, Long> d = new LinkedHashMap<>();
    d.put("latestOffset", planned - t0);
    d.put("walCommit", walDone - planned);
    d.put("addBatch", sinkDone - walDone);
    d.put("commitOffsets", end - sinkDone);
    d.put("triggerExecution", end - t0);
    double seconds = Math.max(1, end - t0) / 1000.0;
    double sinceLast = prevTriggerStart < 0 ? seconds : Math.max(1, t0 - prevTriggerStart) / 1000.0;
    prevTriggerStart = t0;
    QueryProgress p = new QueryProgress(queryId(), runId, nextBatchId, Instant.ofEpochMilli(t0), inputRows,
        result.rowsWritten(), inputRows / sinceLast, inputRows / seconds, d, from == null ? null : from.toJson(),
        batch.end().toJson(), result.version(), watermarkMs, windows == null ? 0 : windows.stateRows(), lateRows);
    synchronized (this) {
      recent.addLast(p);
      if (recent.size() > 100) {
        recent.removeFirst();
      }
    }
    last = p;
    LOG.info("Query {} batch {}: {} input rows, {} files, {} ms", queryId(), nextBatchId, inputRows,
        batch.numFiles(), end - t0);
    for (StreamingQueryListener l : spec.listeners) {
      l.onQueryProgress(p);
    }
  }
}
