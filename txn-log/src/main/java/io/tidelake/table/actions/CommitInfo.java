package io.tidelake.table.actions;

import io.tidelake.table.internal.codec.PlainJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code commitInfo} action: free-form provenance of a commit. Engines put whatever they like in it
 * (Databricks adds {@code userId}, {@code notebook}, ...; operation parameters can be nested JSON), and
 * a rewrite must not lose any of it, so the whole object is kept as an ordered map of plain Java values:
 * String, Long (or BigInteger beyond long), Double (or BigDecimal), Boolean, List, Map and null. The
 * typed accessors below read the well-known keys and return null when a key is absent or has an
 * unexpected type, because nothing in commitInfo is required for reading a table.
 */
public record CommitInfo(Map<String, Object> values) implements Action {

  public CommitInfo {
    values = copyObject(values == null ? Map.of() : values, "commitInfo");
  }

  public Object get(String key) {
    return values.get(key);
  }

  /** Wall-clock time of the commit (ms); for time travel only when in-commit timestamps are off. */
  public Long timestamp() {
    return asLong(values.get("timestamp"));
  }

  /** The in-commit timestamp in a commit's actions (its commitInfo comes first), or null. */
  public static Long inCommitTimestampOf(java.util.List<Action> commit) {
    for (Action a : commit) {
      if (a instanceof CommitInfo ci) {
        return ci.inCommitTimestamp();
      }
    }
    return null;
  }

  /** The authoritative commit time (ms) when the {@code inCommitTimestamp} feature is enabled. */
  public Long inCommitTimestamp() {
    return asLong(values.get("inCommitTimestamp"));
  }

  public String operation() {
    return asString(values.get("operation"));
  }

  /**
   * Operation parameters as strings. Spark writes string values, but also JSON null and occasionally
   * numbers or nested objects; non-string values are rendered as their JSON text ({@code 1}, {@code
   * {"a":1}}) and JSON null stays null. Null when the key is absent.
   */
  public Map<String, String> operationParameters() {
    return asStringMap(values.get("operationParameters"));
  }

  /** Operation metrics (Spark writes every metric value as a string, e.g. {@code "numFiles":"3"}). */
  public Map<String, String> operationMetrics() {
    return asStringMap(values.get("operationMetrics"));
  }

  /** The table version the transaction read; conflict detection starts after it. */
  public Long readVersion() {
    return asLong(values.get("readVersion"));
  }

  public String isolationLevel() {
    return asString(values.get("isolationLevel"));
  }

  public Boolean isBlindAppend() {
    Object v = values.get("isBlindAppend");
    return v instanceof Boolean b ? b : null;
  }

  public String txnId() {
    return asString(values.get("txnId"));
  }

  public String engineInfo() {
    return asString(values.get("engineInfo"));
  }

  public static Builder builder() {
    return new Builder();
  }

  private static String asString(Object v) {
    return v instanceof String s ? s : null;
  }

  private static Long asLong(Object v) {
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
      return d.longValue();
    }
    return null;
  }

  private static Map<String, String> asStringMap(Object v) {
    if (!(v instanceof Map<?, ?> map)) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      Object value = e.getValue();
      String text = value == null || value instanceof String ? (String) value : PlainJson.toJsonText(value);
      out.put((String) e.getKey(), text);
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Deep, unmodifiable, normalised copy: Integer/Short/Byte become Long and Float becomes Double, so a
   * commitInfo built in code equals the same commitInfo after a JSON round trip.
   */
  private static Map<String, Object> copyObject(Map<?, ?> map, String where) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new IllegalArgumentException(where + " has a non-string key: " + e.getKey());
      }
      out.put(key, copyValue(e.getValue(), where + "." + key));
    }
    return Collections.unmodifiableMap(out);
  }

  private static Object copyValue(Object v, String where) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long
        || v instanceof Double || v instanceof BigDecimal) {
      return v;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    if (v instanceof BigInteger b) {
      return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }
    if (v instanceof Map<?, ?> m) {
      return copyObject(m, where);
    }
    if (v instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>(c.size());
      for (Object item : c) {
        out.add(copyValue(item, where + "[]"));
      }
      return Collections.unmodifiableList(out);
    }
    throw new IllegalArgumentException(
        where + " has a value of type " + v.getClass().getName()
            + "; only String, numbers, Boolean, List, Map and null can be stored in commitInfo");
  }

  /**
   * Builds the commitInfo a writer appends to its commit, with the keys in the order delta-spark uses so
   * that our commits read like theirs.
   */
  public static final class Builder {
    private Long inCommitTimestamp;
    private Long timestamp;
    private String operation;
    private Map<String, String> operationParameters;
    private Long readVersion;
    private String isolationLevel;
    private Boolean isBlindAppend;
    private Map<String, String> operationMetrics;
    private String engineInfo;
    private String txnId;
    private final Map<String, Object> extra = new LinkedHashMap<>();

    private Builder() {}

    public Builder timestamp(long value) {
      this.timestamp = value;
      return this;
    }

    /** The in-commit timestamp (ms); null leaves it out (tables without the feature). */
    public Builder inCommitTimestamp(Long value) {
      this.inCommitTimestamp = value;
      return this;
    }

    public Builder operation(String value) {
      this.operation = value;
      return this;
    }

    /** Values are written as JSON strings; a null value is written as JSON null (as Spark does). */
    public Builder operationParameters(Map<String, String> value) {
      this.operationParameters = value == null ? null : new LinkedHashMap<>(value);
      return this;
    }

    /** Metric values are stored as strings ({@code "numFiles":"3"}), the way delta-spark writes them. */
    public Builder operationMetrics(Map<String, ?> value) {
      if (value == null) {
        this.operationMetrics = null;
        return this;
      }
      Map<String, String> metrics = new LinkedHashMap<>();
      value.forEach((k, v) -> metrics.put(k, v == null ? null : String.valueOf(v)));
      this.operationMetrics = metrics;
      return this;
    }

    public Builder readVersion(long value) {
      this.readVersion = value;
      return this;
    }

    public Builder isolationLevel(String value) {
      this.isolationLevel = value;
      return this;
    }

    public Builder isBlindAppend(boolean value) {
      this.isBlindAppend = value;
      return this;
    }

    public Builder engineInfo(String value) {
      this.engineInfo = value;
      return this;
    }

    public Builder txnId(String value) {
      this.txnId = value;
      return this;
    }

    /** Any other key (e.g. {@code userMetadata}); overrides a typed setter for the same key. */
    public Builder put(String key, Object value) {
      extra.put(key, value);
      return this;
    }

    /** Every entry of {@code values} as by {@link #put}. */
    public Builder putAll(Map<String, ?> values) {
      extra.putAll(values);
      return this;
    }

    public CommitInfo build() {
      Map<String, Object> m = new LinkedHashMap<>();
      putIfSet(m, "inCommitTimestamp", inCommitTimestamp);
      putIfSet(m, "timestamp", timestamp);
      putIfSet(m, "operation", operation);
      putIfSet(m, "operationParameters", operationParameters);
      putIfSet(m, "readVersion", readVersion);
      putIfSet(m, "isolationLevel", isolationLevel);
      putIfSet(m, "isBlindAppend", isBlindAppend);
      putIfSet(m, "operationMetrics", operationMetrics);
      putIfSet(m, "engineInfo", engineInfo);
      putIfSet(m, "txnId", txnId);
      m.putAll(extra);
      return new CommitInfo(m);
    }

    private static void putIfSet(Map<String, Object> m, String key, Object value) {
      if (value != null) {
        m.put(key, value);
      }
    }
  }
}
