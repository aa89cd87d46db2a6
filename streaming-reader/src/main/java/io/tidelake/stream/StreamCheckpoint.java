package io.tidelake.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidelake.format.store.FileInfo;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.store.ObjectStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A query's checkpoint directory, in Spark's layout, on any {@link ObjectStore}:
 * <ul>
 *   <li>{@code metadata}: {@code {"id":"<query id>", ...}}, written once; restarts keep the id. Tidelake adds the
 *       query's identity: {@code sourceLocation}, {@code sourceTableId}, {@code sinkLocation} (a query started
 *       with another source or sink fails);</li>
 *   <li>{@code sinks/0}: {@code v1}, then {@code {"location":..,"tableId":..}}: the sink table the batches went
 *       to, once it exists (a sink re-created under the same location fails the query);</li>
 *   <li>{@code offsets/N}: written (put-if-absent) before batch N runs: {@code v1}, then
 *       {@code {"batchWatermarkMs":..,"batchTimestampMs":..,"conf":{..}}}, then the source's end offset;</li>
 *   <li>{@code commits/N}: written after batch N reached the sink: {@code v1}, {@code {"nextBatchWatermarkMs":..}};</li>
 *   <li>{@code sources/0/0}: where the stream began (the offset before its first file), so a restart
 *       re-plans its first batch from the same place.</li>
 * </ul>
 * Readable on its own ({@code tide stream-status}).
 */
public final class StreamCheckpoint {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One {@code offsets/N} file: the batch's end offset and the watermark it ran with. */
  public record BatchOffsets(long batchId, long batchWatermarkMs, long batchTimestampMs, SourceOffset end) {}

  private final ObjectStore store;
  private final String root;
  private final String queryId;
  private final Map<String, String> identity;

  private StreamCheckpoint(ObjectStore store, String root, JsonNode metadata) {
    this.store = store;
    this.root = root;
    this.queryId = metadata.get("id").asText();
    Map<String, String> id = new LinkedHashMap<>();
    for (String k : IDENTITY) {
      if (metadata.hasNonNull(k)) {
        id.put(k, metadata.get(k).asText());
      }
    }
    this.identity = Map.copyOf(id);
  }

  /** The identity fields of {@code metadata}, in order. */
  static final List<String> IDENTITY = List.of("sourceLocation", "sourceTableId", "sinkLocation");

  /** Whether {@code location} holds a checkpoint (its {@code metadata} file). */
  public static boolean exists(ObjectStore store, String location) {
    return store.stat(ObjectStores.normalize(location) + "/metadata").isPresent();
  }

  /**
   * Opens an existing checkpoint, read-only.
   *
   * @throws CheckpointConflictException when there is none at {@code location}
   */
  public static StreamCheckpoint open(ObjectStore store, String location) {
    String root = ObjectStores.normalize(location);
    if (!exists(store, root)) {
      throw new CheckpointNotFoundException("No streaming checkpoint at " + root + " (no metadata file); "
          + "pass the directory given as the query's checkpoint location");
    }
    return new StreamCheckpoint(store, root, readMetadata(store, root));
  }

  /**
   * Opens the checkpoint, creating it (a new query id, and {@code identity}: the {@link #IDENTITY} fields)
   * when the location has none.
   */
  static StreamCheckpoint openOrCreate(ObjectStore store, String location, Map<String, String> identity) {
    String root = ObjectStores.normalize(location);
    com.fasterxml.jackson.databind.node.ObjectNode m = JSON.createObjectNode().put("id", UUID.randomUUID().toString());
    identity.forEach(m::put);
    store.putIfAbsent(root + "/metadata", (m + "\n").getBytes(StandardCharsets.UTF_8));
    return new StreamCheckpoint(store, root, readMetadata(store, root)); // the id that won, if two started at once
  }

  private static JsonNode readMetadata(ObjectStore store, String root) {
    String text = new String(store.readAll(root + "/metadata"), StandardCharsets.UTF_8);
    try {
      JsonNode n = JSON.readTree(text);
      if (n == null || !n.hasNonNull("id")) {
        throw new CheckpointConflictException("Damaged checkpoint metadata " + root + "/metadata (no id): " + text);
      }
      return n;
    } catch (IOException e) {
      throw new CheckpointConflictException("Damaged checkpoint metadata " + root + "/metadata (not JSON): " + text);
    }
  }

  public String location() {
    return root;
  }

  /** The persistent query id (the Delta sink's txn appId). */
  public String queryId() {
    return queryId;
  }

  /**
   * The source and sink the checkpoint was created for ({@code sourceLocation}, {@code sourceTableId},
   * {@code sinkLocation}); empty for checkpoints written before Tidelake recorded them.
   */
  public Map<String, String> identity() {
    return identity;
  }

  /** The id of the sink table the batches went to, once recorded. */
  public Optional<String> sinkTableId() {
    String path = root + "/sinks/0";
    return readLines(path).map(l -> parse(l[l.length - 1], path).path("tableId").asText(null));
  }

  /** Records the sink table's id unless one is recorded. */
  void recordSinkTableId(String location, String tableId) {
    String line = JSON.createObjectNode().put("location", location).put("tableId", tableId).toString();
    store.putIfAbsent(root + "/sinks/0", ("v1\n" + line + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** The highest batch with an {@code offsets} file. */
  public OptionalLong latestOffsetsBatch() {
    return latest("offsets");
  }

  /** The highest batch with a {@code commits} file. */
  public OptionalLong latestCommittedBatch() {
    return latest("commits");
  }

  private OptionalLong latest(String dir) {
    long max = -1;
    for (FileInfo f : store.list(root + "/" + dir, null)) {
      try {
        max = Math.max(max, Long.parseLong(f.name()));
      } catch (NumberFormatException e) {
        // temp or foreign files are not batches
      }
    }
    return max < 0 ? OptionalLong.empty() : OptionalLong.of(max);
  }

  /** The offsets of batch {@code batchId}, if written. */
  public Optional<BatchOffsets> offsets(long batchId) {
    String path = root + "/offsets/" + batchId;
    Optional<String[]> lines = readLines(path);
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    String[] l = lines.get();
    if (l.length < 3 || !l[0].equals("v1")) {
      throw new CheckpointConflictException("Damaged offsets file " + path + " (expected 'v1', metadata and one "
          + "offset line); delete it to re-plan that batch");
    }
    JsonNode meta = parse(l[1], path);
    SourceOffset end = l[2].equals("-") ? null : SourceOffset.fromJson(l[2], path);
    return Optional.of(new BatchOffsets(batchId, meta.path("batchWatermarkMs").asLong(0),
        meta.path("batchTimestampMs").asLong(0), end));
  }

  /** The watermark batch {@code batchId} handed to the next one, if the batch committed. */
  public OptionalLong nextBatchWatermarkMs(long batchId) {
    String path = root + "/commits/" + batchId;
    Optional<String[]> lines = readLines(path);
    if (lines.isEmpty()) {
      return OptionalLong.empty();
    }
    String[] l = lines.get();
    return OptionalLong.of(l.length < 2 ? 0 : parse(l[1], path).path("nextBatchWatermarkMs").asLong(0));
  }

  /** Where the stream began (before its first file), once its first batch was planned. */
  public Optional<SourceOffset> sourceStart() {
    String path = root + "/sources/0/0";
    return readLines(path).map(l -> SourceOffset.fromJson(l[l.length - 1], path));
  }

  /** Records the stream's start unless one is recorded; returns the recorded one. */
  SourceOffset recordSourceStart(SourceOffset start) {
    store.putIfAbsent(root + "/sources/0/0", ("v1\n" + start.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
    return sourceStart().orElseThrow();
  }

  /**
   * Writes {@code offsets/N} before batch N runs.
   *
   * @throws CheckpointConflictException when the file exists: another query on this checkpoint wrote it
   */
  void writeOffsets(BatchOffsets o, String conf) {
    String text = "v1\n{\"batchWatermarkMs\":" + o.batchWatermarkMs() + ",\"batchTimestampMs\":"
        + o.batchTimestampMs() + ",\"conf\":" + conf + "}\n" + (o.end() == null ? "-" : o.end().toJson()) + "\n";
    if (!store.putIfAbsent(root + "/offsets/" + o.batchId(), text.getBytes(StandardCharsets.UTF_8))) {
      throw concurrent("offsets/" + o.batchId());
    }
  }

  /** Writes {@code commits/N} after batch N reached the sink. */
  void writeCommit(long batchId, long nextWatermarkMs) {
    String text = "v1\n{\"nextBatchWatermarkMs\":" + nextWatermarkMs + "}\n";
    if (!store.putIfAbsent(root + "/commits/" + batchId, text.getBytes(StandardCharsets.UTF_8))) {
      throw concurrent("commits/" + batchId);
    }
  }

  /** Writes a state file of batch {@code batchId} (event-time operators); replaced if present. */
  void writeState(String name, long batchId, byte[] content) {
    store.put(root + "/state/" + name + "/" + batchId, content);
  }

  /** The newest state file of {@code name} at or before {@code batchId}. */
  Optional<byte[]> readState(String name, long batchId) {
    String path = root + "/state/" + name + "/" + batchId;
    return store.stat(path).map(f -> store.readAll(path));
  }

  private CheckpointConflictException concurrent(String file) {
    return new CheckpointConflictException("Another query is using the checkpoint " + root + ": it wrote " + file
        + " first. Stop the other query (one checkpoint serves one query at a time), or give this one its own "
        + "checkpoint location");
  }

  private Optional<String[]> readLines(String path) {
    if (store.stat(path).isEmpty()) {
      return Optional.empty();
    }
    String text = new String(store.readAll(path), StandardCharsets.UTF_8);
    return Optional.of(text.strip().split("\n"));
  }

  private static JsonNode parse(String line, String path) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new CheckpointConflictException("Damaged checkpoint file " + path + " (not JSON): " + line);
    }
  }
}
