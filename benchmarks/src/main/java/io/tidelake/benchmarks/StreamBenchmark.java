package io.tidelake.benchmarks;

import io.tidelake.format.CloseableIterator;
import io.tidelake.format.Row;
import io.tidelake.stream.QueryProgress;
import io.tidelake.stream.StreamingQuery;
import io.tidelake.stream.TableSource;
import io.tidelake.stream.Trigger;
import io.tidelake.table.Table;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * stream: a streaming query with {@code availableNow} over a table of C commits × 1000 rows, with
 * {@code maxFilesPerTrigger=50}, from a fresh checkpoint into a fresh Delta sink (C/50 batches, each an
 * exactly-once commit), against a plain scan of the same table appended into a fresh table in one commit —
 * the same rows, in the same run, alternating. Reports rows/s of both and their ratio (goal ≥ 0.8).
 * Sizes: 500 commits (full), 40 (quick), 6 (micro).
 */
final class StreamBenchmark {
  static final int ROWS_PER_COMMIT = 1000;
  static final int MAX_FILES = 50;

  private StreamBenchmark() {}

  static int commits(Settings s) {
    return !s.quick() ? 500 : s.appendRows() > 10_000 ? 40 : 6;
  }

  static void run(Settings s, PrintStream out) throws Exception {
    int commits = commits(s);
    long total = (long) commits * ROWS_PER_COMMIT;
    Path dir = s.work().resolve("stream");
    Harness.deleteTree(dir);
    try {
      Path src = source(dir, commits);
      Path streamSink = dir.resolve("stream-sink");
      Path checkpoint = dir.resolve("checkpoint");
      Path scanSink = dir.resolve("scan-sink");
      int[] batches = {0};
      long[] phases = new long[3]; // planning, offsets + commits files, read + transform + sink (last run)
      try (Table source = Table.open(src.toString())) {
        Samples[] t = Harness.alternate("stream commits=" + commits, s.warmups(), s.runs(),
            side -> {
              Harness.deleteTree(side == 0 ? streamSink : scanSink);
              Harness.deleteTree(checkpoint);
            },
            () -> {
              List<QueryProgress> progress = new ArrayList<>();
              StreamingQuery q = StreamingQuery.from(TableSource.of(source).maxFilesPerTrigger(MAX_FILES))
                  .toTable(streamSink.toString()).checkpointLocation(checkpoint.toString())
                  .trigger(Trigger.availableNow()).addListener(progress::add).start();
              q.awaitTermination();
              batches[0] = progress.size();
              java.util.Arrays.fill(phases, 0);
              for (QueryProgress p : progress) {
                phases[0] += p.durationMs().get("latestOffset");
                phases[1] += p.durationMs().get("walCommit") + p.durationMs().get("commitOffsets");
                phases[2] += p.durationMs().get("addBatch");
              }
              return check(streamSink, total, "stream");
            },
            () -> {
              try (Table sink = Table.create(scanSink.toString()).schema(Events.SCHEMA).create();
                  CloseableIterator<Row> rows = source.newScan().rows()) {
                sink.newAppend().addRows(rows).commit();
              }
              return check(scanSink, total, "scan+append");
            });
        double streamRate = total / (t[0].medianNs() / 1e9);
        double scanRate = total / (t[1].medianNs() / 1e9);
        new Result("stream").put("commits", commits).put("rows", total).put("max_files_per_trigger", MAX_FILES)
            .put("batches", batches[0]).put("stream_rows_per_s", streamRate).put("scan_append_rows_per_s", scanRate)
            .put("stream_ms", t[0].medianMs()).put("scan_append_ms", t[1].medianMs())
            .put("plan_ms", phases[0]).put("checkpoint_ms", phases[1]).put("add_batch_ms", phases[2])
            .ratio("ratio", streamRate / scanRate).print(out);
      }
    } finally {
      Harness.deleteTree(dir);
    }
    StreamLatencyBenchmark.run(s, out); // the latency case
  }

  /** A source of {@code commits} commits × 1000 events rows, one file each, in {@code dir/source}. */
  static Path source(Path dir, int commits) {
    return source(dir, commits, ROWS_PER_COMMIT);
  }

  /** A source of {@code commits} commits × {@code rowsPerCommit} events rows, one file each. */
  static Path source(Path dir, int commits, int rowsPerCommit) {
    long total = (long) commits * rowsPerCommit;
    Path src = dir.resolve("source");
    try (Table t = Table.create(src.toString()).schema(Events.SCHEMA).create()) {
      for (int c = 0; c < commits; c++) {
        t.newAppend().addRows(Events.rows((long) c * rowsPerCommit, (long) (c + 1) * rowsPerCommit, total)).commit();
      }
    }
    return src;
  }

  private static long check(Path sink, long expected, String what) {
    try (Table t = Table.open(sink.toString())) {
      long n = t.newScan().select("id").count();
      if (n != expected) {
        throw new IllegalStateException(what + " wrote " + n + " rows, expected " + expected);
      }
      return n;
    }
  }
}
