package io.tidelake.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.store.ObjectStores;
import io.tidelake.stream.SourceOffset;
import io.tidelake.stream.StreamCheckpoint;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tide stream-status}: what a streaming checkpoint says (query id, last batch, source offset). */
@Command(name = "stream-status", description = "Show a streaming query's checkpoint: its query id, the last "
    + "batch and whether it committed, and the source offset it reached.",
    footer = {"", "Examples:", "  tide stream-status /data/big/_cp", "  tide stream-status /data/big/_cp --json"})
final class StreamStatusCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  StoreOptions store;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Parameters(index = "0", paramLabel = "DIR", description = "Checkpoint directory.")
  String dir;

  @Option(names = "--json", description = "Print the status as one JSON object.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    String root = ObjectStores.normalize(dir);
    try (ObjectStore s = ObjectStores.forLocation(root, store.options())) {
      if (!StreamCheckpoint.exists(s, root)) {
        throw new CliException("No streaming checkpoint in " + root + " (it has no metadata file): pass the "
            + "directory given to tide stream --checkpoint");
      }
      StreamCheckpoint cp = StreamCheckpoint.open(s, root);
      OptionalLong latest = cp.latestOffsetsBatch();
      OptionalLong committed = cp.latestCommittedBatch();
      StreamCheckpoint.BatchOffsets o = latest.isPresent() ? cp.offsets(latest.getAsLong()).orElse(null) : null;
      boolean pending = latest.isPresent() && (committed.isEmpty() || committed.getAsLong() < latest.getAsLong());
      PrintWriter w = spec.commandLine().getOut();
      if (json) {
        ObjectNode n = JsonValues.MAPPER.createObjectNode();
        n.put("checkpoint", root);
        n.put("queryId", cp.queryId());
        cp.identity().forEach(n::put);
        cp.sinkTableId().ifPresent(id -> n.put("sinkTableId", id));
        putOrNull(n, "latestBatchId", latest);
        putOrNull(n, "latestCommittedBatchId", committed);
        n.put("pendingBatch", pending);
        if (o != null) {
          n.put("batchTimestamp", Instant.ofEpochMilli(o.batchTimestampMs()).toString());
          n.put("batchWatermarkMs", o.batchWatermarkMs());
          n.set("endOffset", o.end() == null ? null : JsonValues.MAPPER.readTree(o.end().toJson()));
        }
        w.println(n.toString());
      } else {
        w.println("query id        " + cp.queryId());
        if (cp.identity().containsKey("sourceLocation")) {
          w.println("source          " + cp.identity().get("sourceLocation") + " (table id "
              + cp.identity().get("sourceTableId") + ")");
          w.println("sink            " + cp.identity().get("sinkLocation")
              + cp.sinkTableId().map(id -> " (table id " + id + ")").orElse(""));
        }
        if (latest.isEmpty()) {
          w.println("batches         none yet");
        } else {
          w.println("last batch      " + latest.getAsLong() + (pending ? " (not committed: re-run on restart)"
              : " (committed)") + (o == null ? "" : " at " + Instant.ofEpochMilli(o.batchTimestampMs())));
          SourceOffset end = o == null ? null : o.end();
          if (end != null) {
            w.println("source offset   version " + end.reservoirVersion() + ", index " + end.index()
                + (end.isStartingVersion() ? " (initial snapshot)" : "") + ", table id " + end.reservoirId());
          }
          w.println("watermark       " + (o == null ? 0 : o.batchWatermarkMs()) + " ms");
        }
      }
      w.flush();
    }
    return TideCli.EXIT_OK;
  }

  private static void putOrNull(ObjectNode n, String key, OptionalLong v) {
    if (v.isPresent()) {
      n.put(key, v.getAsLong());
    } else {
      n.putNull(key);
    }
  }
}
