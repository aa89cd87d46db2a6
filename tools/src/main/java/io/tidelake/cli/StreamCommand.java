package io.tidelake.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidelake.stream.OutputMode;
import io.tidelake.stream.QueryProgress;
import io.tidelake.stream.StreamingQuery;
import io.tidelake.stream.StreamingQueryBuilder;
import io.tidelake.stream.TableSource;
import io.tidelake.stream.Trigger;
import io.tidelake.stream.WindowSpec;
import io.tidelake.table.Table;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tide stream}: a streaming query from a table into a table, checkpointed (the same command is the
 * daily batch with {@code available-now} and the stream with {@code interval:30s}; re-runs are exactly-once).
 */
@Command(name = "stream", description = "Stream a table's new rows into another table, exactly once: the "
    + "initial snapshot, then every commit; progress is kept in the checkpoint directory, so a re-run continues "
    + "where the last one stopped.",
    footer = {"", "Examples:",
        "  tide stream /data/events --to /data/big --checkpoint /data/big/_cp --where \"amount > 100\"",
        "  tide stream /data/events --to /data/cents --checkpoint /tmp/cp --select \"id, amount * 100 AS cents\" "
            + "--max-files-per-trigger 50",
        "  tide stream /data/events --to /data/copy --checkpoint /tmp/cp2 --trigger interval:30s",
        "  tide stream /data/events --to /data/hourly --checkpoint /tmp/cp3 --window \"tumbling(ts, 1 hour)\" "
            + "--group-by user_id --agg \"count(*) AS n, sum(amount) AS total\" --watermark \"10 minutes\" "
            + "--late-table /data/late",
        "  tide stream /data/events --to /data/live --checkpoint /tmp/cp4 --window \"tumbling(ts, 1 hour)\" "
            + "--group-by user_id --watermark \"10 minutes\" --output-mode update"})
final class StreamCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  StoreOptions store;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Parameters(index = "0", paramLabel = "SOURCE", description = "Source table location.")
  String source;

  @Option(names = "--to", required = true, paramLabel = "TARGET",
      description = "Sink table location (created on the first batch when missing).")
  String target;

  @Option(names = "--checkpoint", required = true, paramLabel = "DIR", description = "Checkpoint directory.")
  String checkpoint;

  @Option(names = "--trigger", paramLabel = "TRIGGER", defaultValue = "available-now",
      description = "available-now (default: everything new in rate-limited batches, then exit), once, "
          + "interval:30s, or continuous (batches as fast as possible, backing off while idle); the last two run "
          + "until Ctrl-C, which finishes the current batch.")
  String trigger;

  @Option(names = "--max-files-per-trigger", paramLabel = "N", description = "New files per batch (default 1000).")
  Integer maxFiles;

  @Option(names = "--max-bytes-per-trigger", paramLabel = "SIZE", description = "Soft cap of bytes per batch, e.g. 1g.")
  String maxBytes;

  @Option(names = "--starting-version", paramLabel = "V|latest",
      description = "Read commits from version V (or only new ones) instead of the snapshot; new checkpoints only.")
  String startingVersion;

  @Option(names = "--starting-timestamp", paramLabel = "T",
      description = "Read commits from the first one at or after T (2025-01-01 or 2025-01-01T10:00:00Z).")
  String startingTimestamp;

  @Option(names = "--skip-change-commits", description = "Skip commits that change or delete existing rows.")
  boolean skipChangeCommits;

  @Option(names = "--ignore-deletes", description = "Tolerate commits that only delete files.")
  boolean ignoreDeletes;

  @Option(names = "--ignore-changes", description = "Tolerate rewrites; their rows are emitted again.")
  boolean ignoreChanges;

  @Option(names = "--read-change-feed",
      description = "Stream the change data feed (_change_type, _commit_version, _commit_timestamp).")
  boolean readChangeFeed;

  @Option(names = "--exclude-regex", paramLabel = "REGEX", description = "Skip source files whose path matches.")
  String excludeRegex;

  @Option(names = "--where", paramLabel = "PREDICATE", description = "Only source rows matching (pushed into the scan).")
  String where;

  @Option(names = "--select", paramLabel = "LIST", description = "Output columns: \"a, b, expr AS c\".")
  String select;

  @Option(names = "--output-mode", paramLabel = "MODE", defaultValue = "append",
      description = "append (default; windows: each once, when closed), complete (each batch replaces the sink) "
          + "or update (upsert each batch by --key; windows: the changed windows, by window and group columns).")
  String outputMode;

  @Option(names = "--key", paramLabel = "COLS", description = "Upsert key of --output-mode update: a,b (each batch MERGEd into the sink on it).")
  String key;

  @Mixin
  WindowOptions windowOptions;

  @Option(names = "--late-table", paramLabel = "PATH",
      description = "Table for late rows (their columns plus _watermark, _batch_id, _late_by_ms).")
  String lateTable;

  @Option(names = "--json", description = "Print a summary of the run (batches, rows, offsets) as one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    WindowSpec windowSpec = windowOptions.spec(lateTable == null ? null : "--late-table");
    if (lateTable != null) {
      windowSpec.lateTable(lateTable, store.options());
    }
    OutputMode mode = OutputMode.parse(outputMode);
    if (windowSpec != null && key != null) {
      throw new CliException("--key is implied for a windowed query: --output-mode update upserts each window by "
          + "window_start, window_end and the --group-by columns; drop --key");
    }
    if (windowSpec == null && (mode == OutputMode.UPDATE) != (key != null)) {
      throw new CliException("--output-mode update and --key go together: --output-mode update --key id upserts "
          + "each batch into the sink by key");
    }
    Trigger t = Trigger.parse(trigger);
    Table src = store.open(source);
    TableSource ts = TableSource.of(src);
    if (maxFiles != null) {
      ts.maxFilesPerTrigger(maxFiles);
    }
    if (maxBytes != null) {
      ts.maxBytesPerTrigger(TableSource.parseBytes(maxBytes));
    }
    if (startingVersion != null) {
      ts.option("startingVersion", startingVersion);
    }
    if (startingTimestamp != null) {
      ts.startingTimestamp(TableSource.parseTimestamp(startingTimestamp));
    }
    if (skipChangeCommits) {
      ts.skipChangeCommits();
    }
    if (ignoreDeletes) {
      ts.ignoreDeletes();
    }
    if (ignoreChanges) {
      ts.ignoreChanges();
    }
    if (readChangeFeed) {
      ts.readChangeFeed();
    }
    if (excludeRegex != null) {
      ts.excludeRegex(excludeRegex);
    }
    if (where != null) {
      PredicateHints.withHints("--where", where, () -> src.snapshot().newScan().where(where)); // checked now
      ts.where(where);
    }
    PrintWriter err = spec.commandLine().getErr();
    List<QueryProgress> batches = new ArrayList<>();
    StreamingQueryBuilder b = StreamingQuery.from(ts);
    if (select != null) {
      b.select(select);
    }
    if (windowSpec != null) {
      b.window(windowSpec);
    }
    b.toTable(target, store.options()).outputMode(mode);
    if (mode == OutputMode.UPDATE && windowSpec == null) {
      b.update(UpsertByKey.parse(key));
    }
    b.checkpointLocation(checkpoint, store.options()).trigger(t)
        .addListener(p -> {
          batches.add(p);
          err.println("batch " + p.batchId() + ": " + p.numInputRows() + " rows in, " + p.numOutputRows()
              + " out, " + p.durationMs().get("triggerExecution") + " ms"
              + (p.sinkVersion() >= 0 ? ", sink version " + p.sinkVersion() : ""));
          err.flush();
        });
    try {
      StreamingQuery q = b.start();
      Thread hook = new Thread(q::stop, "tide-stream-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        q.awaitTermination();
      } catch (io.tidelake.stream.StreamingQueryException e) {
        // the batch's own error decides the exit code: 1 for a user error, 2 for a bug
        throw e.getCause() instanceof RuntimeException cause ? cause : e;
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // shutting down: the hook is running and stops the query
        }
      }
      print(q, batches);
    } finally {
      src.close();
    }
    return TideCli.EXIT_OK;
  }

  private void print(StreamingQuery q, List<QueryProgress> batches) {
    long in = batches.stream().mapToLong(QueryProgress::numInputRows).sum();
    long out = batches.stream().mapToLong(QueryProgress::numOutputRows).sum();
    QueryProgress last = batches.isEmpty() ? null : batches.get(batches.size() - 1);
    PrintWriter w = spec.commandLine().getOut();
    if (json) {
      ObjectNode n = JsonValues.MAPPER.createObjectNode();
      n.put("queryId", q.id());
      n.put("runId", q.runId());
      n.put("batches", batches.size());
      n.put("numInputRows", in);
      n.put("numOutputRows", out);
      if (last != null) {
        n.put("lastBatchId", last.batchId());
        n.put("sinkVersion", last.sinkVersion());
        try {
          n.set("endOffset", JsonValues.MAPPER.readTree(last.endOffset()));
        } catch (java.io.IOException e) {
          throw new IllegalStateException(e); // our own JSON
        }
      } else {
        n.putNull("lastBatchId");
      }
      w.println(n.toString());
    } else if (batches.isEmpty()) {
      w.println("No new data in " + source + "; nothing written (query " + q.id() + ")");
    } else {
      w.println("Streamed " + in + " rows (" + out + " written) in " + batches.size() + " batch"
          + (batches.size() == 1 ? "" : "es") + " into " + target + " (query " + q.id() + ", last batch "
          + last.batchId() + ")");
    }
    w.flush();
  }
}
