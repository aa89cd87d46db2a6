package io.tidelake.quality;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of one expectation, in Great Expectations' SUMMARY shape: {@code success} and a {@code
 * result} object with {@code element_count}, {@code unexpected_count}, {@code unexpected_percent},
 * {@code partial_unexpected_list} (≤ 20), missing counts, or {@code observed_value} for aggregates.
 *
 * @param index the expectation's position in its suite
 * @param rowLevel whether single rows can fail it (and so be quarantined)
 */
public record ExpectationResult(int index, Expectation expectation, boolean success, Map<String, Object> result,
    OnFailure onFailure, boolean rowLevel) {
  public ExpectationResult {
    result = Collections.unmodifiableMap(new LinkedHashMap<>(result));
  }

  /** Whether this failed expectation blocks the load (on_failure = fail). */
  public boolean blocks() {
    return !success && onFailure == OnFailure.FAIL;
  }

  public long elementCount() {
    return number("element_count");
  }

  public long unexpectedCount() {
    return number("unexpected_count");
  }

  /** GE's {@code observed_value} of an aggregate expectation, or null. */
  public Object observedValue() {
    return result.get("observed_value");
  }

  private long number(String key) {
    Object v = result.get(key);
    return v instanceof Number n ? n.longValue() : 0;
  }

  /** GE's ExpectationValidationResult as plain JSON values. */
  Map<String, Object> toPlain() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("type", expectation.type());
    config.put("kwargs", expectation.kwargs());
    config.put("meta", expectation.meta());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("success", success);
    m.put("expectation_config", config);
    m.put("result", result);
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("index", index);
    meta.put("on_failure", onFailure.jsonName());
    meta.put("row_level", rowLevel);
    m.put("meta", meta);
    return m;
  }

  @SuppressWarnings("unchecked")
  static ExpectationResult fromPlain(Map<String, Object> m) {
    Map<String, Object> config = (Map<String, Object>) m.get("expectation_config");
    Map<String, Object> meta = (Map<String, Object>) m.getOrDefault("meta", Map.of());
    Expectation e = new Expectation((String) config.get("type"), (Map<String, Object>) config.get("kwargs"),
        (Map<String, Object>) config.get("meta"));
    OnFailure f = OnFailure.parse(meta.get("on_failure"));
    return new ExpectationResult(((Number) meta.getOrDefault("index", 0L)).intValue(), e,
        Boolean.TRUE.equals(m.get("success")), (Map<String, Object>) m.getOrDefault("result", Map.of()),
        f == null ? OnFailure.FAIL : f, Boolean.TRUE.equals(meta.get("row_level")));
  }

  @Override
  public String toString() {
    return "#" + index + " " + expectation.type() + (expectation.kwargs().containsKey("column")
        ? "(" + expectation.kwargs().get("column") + ")" : "") + ": " + (success ? "passed" : "FAILED") + " "
        + result;
  }
}
