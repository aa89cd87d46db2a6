package io.tidelake.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidelake.format.store.ObjectStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The persisted state of a backfill, in a directory of any {@link ObjectStore}: {@code job.json} (what
 * the backfill computes, and its id) and one {@code slices/<value>.json} per slice. One file per slice
 * lets parallel slices record their outcome without a shared write; a re-run reads them to redo only the
 * slices that failed or have no entry. A ledger written for another job (other source, target, column or
 * transformations) is refused rather than silently mixed.
 */
final class BackfillLedger {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectStore store;
  private final String dir;
  private final String id;

  private BackfillLedger(ObjectStore store, String dir, String id) {
    this.store = store;
    this.dir = dir;
    this.id = id;
  }

  /** Opens the ledger in {@code dir}, creating it for {@code job} when empty. */
  static BackfillLedger open(ObjectStore store, String dir, Map<String, String> job) {
    String path = dir + "/job.json";
    Optional<?> existing = store.stat(path);
    if (existing.isEmpty()) {
      ObjectNode n = JSON.createObjectNode();
      n.put("id", UUID.randomUUID().toString());
      job.forEach(n::put);
      try {
        store.putIfAbsent(path, JSON.writeValueAsBytes(n));
      } catch (java.io.IOException e) {
        throw new StreamingException("Cannot write backfill ledger " + path + ": " + e.getMessage(), e);
      }
    }
    JsonNode n = read(store, path);
    Map<String, String> recorded = new LinkedHashMap<>();
    n.fields().forEachRemaining(e -> recorded.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
    String ledgerId = recorded.remove("id");
    if (!recorded.equals(job)) {
      throw new BackfillException("The backfill ledger " + dir + " belongs to another job (" + recorded + "; this "
          + "one is " + job + "). Give this backfill its own ledger directory, or delete " + dir + " to start over.");
    }
    return new BackfillLedger(store, dir, ledgerId);
  }

  /** A stable id of this ledger: slices commit {@code txn(appId = "tide-backfill-" + id + "-" + value, ..)}. */
  String id() {
    return id;
  }

  Optional<BackfillSlice> slice(String value) {
    String path = slicePath(value);
    if (store.stat(path).isEmpty()) {
      return Optional.empty();
    }
    JsonNode n = read(store, path);
    return Optional.of(new BackfillSlice(n.get("value").asText(), n.get("status").asText(), n.get("attempts").asInt(),
        n.get("rows").asLong(), n.get("targetVersion").asLong(),
        n.hasNonNull("error") ? n.get("error").asText() : null));
  }

  void record(BackfillSlice s) {
    ObjectNode n = JSON.createObjectNode();
    n.put("value", s.value());
    n.put("status", s.status());
    n.put("attempts", s.attempts());
    n.put("rows", s.rows());
    n.put("targetVersion", s.targetVersion());
    n.put("error", s.error());
    try {
      store.put(slicePath(s.value()), JSON.writeValueAsBytes(n));
    } catch (java.io.IOException e) {
      throw new StreamingException("Cannot write backfill ledger entry " + slicePath(s.value()), e);
    }
  }

  private String slicePath(String value) {
    return dir + "/slices/" + URLEncoder.encode(value == null ? "__null__" : value, StandardCharsets.UTF_8) + ".json";
  }

  private static JsonNode read(ObjectStore store, String path) {
    try {
      return JSON.readTree(store.readAll(path));
    } catch (java.io.IOException e) {
      throw new StreamingException("The backfill ledger file " + path + " is not valid JSON (" + e.getMessage()
          + "); delete the ledger directory to start over", e);
    }
  }
}
