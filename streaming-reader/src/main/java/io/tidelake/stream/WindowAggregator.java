package io.tidelake.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidelake.format.GenericRow;
import io.tidelake.format.Row;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state and rules of a {@link WindowSpec} for one query: assigns rows to windows, routes late rows,
 * keeps one aggregate buffer per (window, group), emits and evicts windows as the watermark passes them,
 * and saves its state as JSON for the checkpoint.
 */
final class WindowAggregator {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String STATE_NAME = "window";

  private final WindowSpec spec;
  private final int timeIndex;
  private final int[] groupIndex;
  private final DataType[] groupTypes;
  private final List<Aggregate> aggs;
  private final StructType outputSchema;
  private final StructType lateSchema;
  private final Map<Key, Object[][]> state = new HashMap<>();

  /** A window (by its start) and the group values. */
  record Key(long startMs, List<Object> groups) {}

  /** One batch's outcome: rows for the sink, late rows, and the watermark the next batch gets. */
  record BatchOutput(List<Row> output, List<Row> late, long nextWatermarkMs) {}

  WindowAggregator(WindowSpec spec, StructType in) {
    this.spec = spec;
    StructField time = in.field(spec.timeColumn);
    if (time == null || time.type() != PrimitiveType.TIMESTAMP) {
      throw new StreamingException(time == null
          ? "Window time column '" + spec.timeColumn + "' is not among the columns " + in.fieldNames()
          : "Window time column '" + spec.timeColumn + "' must be a timestamp, but is " + time.type().simpleString());
    }
    this.timeIndex = in.indexOf(time.name());
    List<StructField> out = new ArrayList<>();
    out.add(new StructField("window_start", PrimitiveType.TIMESTAMP, false));
    out.add(new StructField("window_end", PrimitiveType.TIMESTAMP, false));
    groupIndex = new int[spec.groupBy.size()];
    groupTypes = new DataType[groupIndex.length];
    for (int i = 0; i < groupIndex.length; i++) {
      StructField g = in.field(spec.groupBy.get(i));
      if (g == null) {
        throw new StreamingException("Group column '" + spec.groupBy.get(i) + "' is not among the columns "
            + in.fieldNames());
      }
      groupIndex[i] = in.indexOf(g.name());
      groupTypes[i] = g.type();
      out.add(new StructField(g.name(), g.type(), true));
    }
    this.aggs = Aggregate.parse(spec.aggregates, in);
    for (Aggregate a : aggs) {
      out.add(new StructField(a.name, a.resultType,
          a.kind != Aggregate.Kind.COUNT && a.kind != Aggregate.Kind.COUNT_DISTINCT));
    }
    this.outputSchema = new StructType(out);
    StructType late = in;
    for (StructField f : List.of(new StructField("_watermark", PrimitiveType.TIMESTAMP, true),
        new StructField("_batch_id", PrimitiveType.LONG, true), new StructField("_late_by_ms", PrimitiveType.LONG, true))) {
      late = late.add(f);
    }
    this.lateSchema = late;
  }

  StructType outputSchema() {
    return outputSchema;
  }

  StructType lateSchema() {
    return lateSchema;
  }

  int stateRows() {
    return state.size();
  }

  /**
   * Aggregates one batch under watermark {@code watermarkMs}. In append and update mode rows whose windows
   * all ended at or before it are late, and the windows it has passed are dropped from the state; append
   * emits those closed windows (each once, final), update emits every window this batch changed, with its
   * current value (a closed window never changes again, so its last emitted value is final). Complete mode
   * keeps and emits every window (as Spark, it cannot use the watermark to drop anything), so only rows
   * without an event time are late there.
   */
  BatchOutput process(Iterator<Row> rows, long watermarkMs, long batchId, OutputMode mode) {
    List<Row> late = new ArrayList<>();
    boolean watermarked = mode != OutputMode.COMPLETE;
    Set<Key> changed = new HashSet<>();
    long maxEvent = Long.MIN_VALUE;
    while (rows.hasNext()) {
      Row r = rows.next();
      Instant ts = (Instant) r.get(timeIndex);
      if (ts == null) {
        late.add(lateRow(r, watermarkMs, batchId, null)); // no event time: no window can take it
        continue;
      }
      long t = ts.toEpochMilli();
      maxEvent = Math.max(maxEvent, t);
      long lastStart = Math.floorDiv(t, spec.slideMs) * spec.slideMs;
      if (watermarked && lastStart + spec.sizeMs <= watermarkMs) {
        late.add(lateRow(r, watermarkMs, batchId, watermarkMs - t));
        continue;
      }
      List<Object> groups = new ArrayList<>(groupIndex.length);
      for (int g : groupIndex) {
        groups.add(r.get(g));
      }
      for (long start = lastStart; start > t - spec.sizeMs; start -= spec.slideMs) {
        if (watermarked && start + spec.sizeMs <= watermarkMs) {
          break; // older windows of a sliding row are closed; the row counts in the open ones
        }
        Key key = new Key(start, groups);
        if (mode == OutputMode.UPDATE) {
          changed.add(key);
        }
        Object[][] bufs = state.computeIfAbsent(key, k -> {
          Object[][] b = new Object[aggs.size()][];
          for (int i = 0; i < b.length; i++) {
            b[i] = aggs.get(i).init();
          }
          return b;
        });
        for (int i = 0; i < bufs.length; i++) {
          aggs.get(i).update(bufs[i], r);
        }
      }
    }
    List<Map.Entry<Key, Object[][]>> emit = new ArrayList<>();
    for (Map.Entry<Key, Object[][]> e : state.entrySet()) {
      boolean emits = switch (mode) {
        case COMPLETE -> true;
        case UPDATE -> changed.contains(e.getKey());
        case APPEND -> e.getKey().startMs() + spec.sizeMs <= watermarkMs;
      };
      if (emits) {
        emit.add(e);
      }
    }
    emit.sort(Comparator.comparingLong((Map.Entry<Key, Object[][]> e) -> e.getKey().startMs())
        .thenComparing((a, b) -> compareGroups(a.getKey().groups(), b.getKey().groups())));
    List<Row> out = new ArrayList<>(emit.size());
    for (Map.Entry<Key, Object[][]> e : emit) {
      out.add(outputRow(e.getKey(), e.getValue()));
    }
    if (watermarked) {
      state.keySet().removeIf(k -> k.startMs() + spec.sizeMs <= watermarkMs);
    }
    long next = maxEvent == Long.MIN_VALUE ? watermarkMs : Math.max(watermarkMs, maxEvent - spec.delayMs);
    return new BatchOutput(out, late, next);
  }

  /** Group values in their natural order, nulls first (a deterministic output order, without rendering text). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareGroups(List<Object> a, List<Object> b) {
    for (int i = 0; i < a.size(); i++) {
      Object x = a.get(i);
      Object y = b.get(i);
      int c;
      if (x == y) {
        continue;
      } else if (x == null || y == null) {
        c = x == null ? -1 : 1;
      } else if (x instanceof byte[] bx && y instanceof byte[] by) {
        c = java.util.Arrays.compare(bx, by);
      } else if (x instanceof Comparable cx && x.getClass() == y.getClass()) {
        c = cx.compareTo(y);
      } else {
        c = x.toString().compareTo(y.toString());
      }
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** Whether a batch under {@code watermarkMs} would emit or evict a window: then a no-data batch runs. */
  boolean wouldEmit(long watermarkMs) {
    for (Key k : state.keySet()) {
      if (k.startMs() + spec.sizeMs <= watermarkMs) {
        return true;
      }
    }
    return false;
  }

  private Row outputRow(Key k, Object[][] bufs) {
    Object[] v = new Object[outputSchema.size()];
    v[0] = Instant.ofEpochMilli(k.startMs());
    v[1] = Instant.ofEpochMilli(k.startMs() + spec.sizeMs);
    for (int i = 0; i < groupIndex.length; i++) {
      v[2 + i] = k.groups().get(i);
    }
    for (int i = 0; i < bufs.length; i++) {
      v[2 + groupIndex.length + i] = aggs.get(i).result(bufs[i]);
    }
    return GenericRow.trusted(outputSchema, v);
  }

  private Row lateRow(Row r, long watermarkMs, long batchId, Long lateBy) {
    Object[] v = new Object[lateSchema.size()];
    int w = r.size();
    for (int i = 0; i < w; i++) {
      v[i] = r.get(i);
    }
    v[w] = Instant.ofEpochMilli(watermarkMs);
    v[w + 1] = batchId;
    v[w + 2] = lateBy;
    return GenericRow.trusted(lateSchema, v);
  }

  /** The state as JSON: {@code {"windows":[{"start":ms,"groups":[..],"aggs":[[value,count],..]},..]}}. */
  byte[] save() {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", 1);
    ArrayNode windows = root.putArray("windows");
    for (Map.Entry<Key, Object[][]> e : state.entrySet()) {
      ObjectNode w = windows.addObject();
      w.put("start", e.getKey().startMs());
      ArrayNode g = w.putArray("groups");
      e.getKey().groups().forEach(v -> g.add(StateCodec.encode(v)));
      ArrayNode a = w.putArray("aggs");
      for (int i = 0; i < aggs.size(); i++) {
        String[] enc = aggs.get(i).encode(e.getValue()[i]);
        a.addArray().add(enc[0]).add(enc[1]);
      }
    }
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  void restore(byte[] bytes, String where) {
    state.clear();
    try {
      JsonNode root = JSON.readTree(bytes);
      for (JsonNode w : root.path("windows")) {
        List<Object> groups = new ArrayList<>();
        for (int i = 0; i < groupTypes.length; i++) {
          JsonNode g = w.path("groups").path(i);
          groups.add(g.isNull() ? null : StateCodec.decode(g.asText(), groupTypes[i]));
        }
        Object[][] bufs = new Object[aggs.size()][];
        for (int i = 0; i < bufs.length; i++) {
          JsonNode a = w.path("aggs").path(i);
          bufs[i] = aggs.get(i).decode(a.get(0).isNull() ? null : a.get(0).asText(), a.get(1).asText());
        }
        state.put(new Key(w.path("start").asLong(), groups), bufs);
      }
    } catch (IOException | RuntimeException e) {
      throw new CheckpointConflictException("Damaged window state " + where + " (" + e.getMessage() + "); was it "
          + "written by a query with other windows, groups or aggregates? Use a fresh checkpoint for a changed query");
    }
  }
}
