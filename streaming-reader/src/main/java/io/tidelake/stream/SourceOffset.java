package io.tidelake.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * A position in a table stream, as Delta's streaming source writes it into {@code offsets/N}:
 * {@code {"sourceVersion":1,"reservoirId":"<table id>","reservoirVersion":12,"index":3,"isStartingVersion":false}}.
 * It names the last file included: file {@code index} of version {@code reservoirVersion} ({@code -1}:
 * nothing of that version yet). {@code isStartingVersion} means "inside the initial snapshot of that
 * version" (the index counts the snapshot's files by modification time, then path, as Delta's source
 * does); otherwise the
 * index counts the {@code dataChange=true} adds of that commit in log order.
 */
public record SourceOffset(int sourceVersion, String reservoirId, long reservoirVersion, long index,
    boolean isStartingVersion) implements Comparable<SourceOffset> {

  /** The index before a version's first file (Delta serializes its BASE_INDEX so). */
  public static final long BASE_INDEX = -1;

  private static final ObjectMapper JSON = new ObjectMapper();

  public static SourceOffset of(String reservoirId, long version, long index, boolean isStartingVersion) {
    return new SourceOffset(1, reservoirId, version, index, isStartingVersion);
  }

  /** Delta's JSON, fields in Delta's order. */
  public String toJson() {
    return "{\"sourceVersion\":" + sourceVersion + ",\"reservoirId\":\"" + reservoirId + "\",\"reservoirVersion\":"
        + reservoirVersion + ",\"index\":" + index + ",\"isStartingVersion\":" + isStartingVersion + "}";
  }

  /**
   * Parses Delta's offset JSON.
   *
   * @throws CheckpointConflictException when it is not an offset this reader understands (where says where
   *     it was read from)
   */
  public static SourceOffset fromJson(String json, String where) {
    try {
      JsonNode n = JSON.readTree(json);
      int sv = n.path("sourceVersion").asInt(-1);
      if (sv != 1 && sv != 3) {
        throw new CheckpointConflictException("Unsupported Delta source offset version " + sv + " in " + where
            + " (this reader understands 1 and 3); was the checkpoint written by a newer engine?");
      }
      if (!n.hasNonNull("reservoirId") || !n.hasNonNull("reservoirVersion") || !n.hasNonNull("index")) {
        throw new CheckpointConflictException("Damaged source offset in " + where + ": " + json
            + " (needs reservoirId, reservoirVersion and index)");
      }
      return new SourceOffset(sv, n.get("reservoirId").asText(), n.get("reservoirVersion").asLong(),
          n.get("index").asLong(), n.path("isStartingVersion").asBoolean(false));
    } catch (IOException e) {
      throw new CheckpointConflictException("Damaged source offset in " + where + " (not JSON): " + json);
    }
  }

  @Override
  public int compareTo(SourceOffset o) {
    int c = Long.compare(reservoirVersion, o.reservoirVersion);
    if (c != 0) {
      return c;
    }
    if (isStartingVersion != o.isStartingVersion) {
      return isStartingVersion ? -1 : 1; // a version's snapshot precedes the commits after it
    }
    return Long.compare(index, o.index);
  }

  @Override
  public String toString() {
    return toJson();
  }
}
