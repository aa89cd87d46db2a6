package io.tidelake.quality;

import io.tidelake.format.types.StructType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A named list of expectations: read from a Great Expectations suite file unchanged (GE 0.x {@code
 * expectation_suite_name} with {@code expectation_type} + {@code kwargs}, or GE 1.x {@code name} with
 * {@code type} + {@code kwargs} or + the arguments as fields), or built in Java. The suite's {@code meta}
 * may hold {@code max_quarantined_percent}: a load that would quarantine more of its rows fails instead.
 *
 * <pre>{@code
 * ExpectationSuite suite = ExpectationSuite.fromJson(Files.readString(Path.of("orders.json")));
 * ExpectationSuite built = ExpectationSuite.named("orders")
 *     .expect(Expectation.notNull("id"))
 *     .expect(Expectation.between("amount", 0, null).onFailure(OnFailure.QUARANTINE));
 * SuiteResult r = suite.bind(table.snapshot().schema()).evaluate(rows);
 * }</pre>
 */
public final class ExpectationSuite {
  /** Fields of a GE 1.x expectation that are not arguments of the check. */
  private static final Set<String> NOT_ARGUMENTS = Set.of("type", "expectation_type", "kwargs", "meta", "id",
      "notes", "description", "rendered_content", "result_format", "catch_exceptions", "include_config",
      "ge_cloud_id", "expectation_context", "severity", "windows", "batch_id");

  private final String name;
  private final List<Expectation> expectations;
  private final Map<String, Object> meta;

  private ExpectationSuite(String name, List<Expectation> expectations, Map<String, Object> meta) {
    this.name = name;
    this.expectations = List.copyOf(expectations);
    this.meta = Collections.unmodifiableMap(new LinkedHashMap<>(meta));
  }

  /** An empty suite to add expectations to with {@link #expect}. */
  public static ExpectationSuite named(String name) {
    return new ExpectationSuite(name, List.of(), Map.of());
  }

  /** A new suite with {@code e} appended. */
  public ExpectationSuite expect(Expectation e) {
    List<Expectation> l = new ArrayList<>(expectations);
    l.add(e);
    return new ExpectationSuite(name, l, meta);
  }

  /** A new suite that fails a load quarantining more than {@code percent} (0..100) of its rows. */
  public ExpectationSuite maxQuarantinedPercent(double percent) {
    Map<String, Object> m = new LinkedHashMap<>(meta);
    m.put("max_quarantined_percent", percent);
    return new ExpectationSuite(name, expectations, m);
  }

  public static ExpectationSuite fromFile(Path file) {
    try {
      return fromJson(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read expectation suite " + file, e);
    }
  }

  /** Parses a Great Expectations suite (0.x or 1.x JSON). Arguments are checked by {@link #bind}. */
  @SuppressWarnings("unchecked")
  public static ExpectationSuite fromJson(String json) {
    Object root = QualityJson.parse(json, "The expectation suite");
    if (!(root instanceof Map<?, ?> m)) {
      throw new InvalidExpectationSuiteException(-1, null, null, "a suite must be a JSON object with "
          + "\"expectations\"");
    }
    Map<String, Object> suite = (Map<String, Object>) m;
    Object name = suite.containsKey("expectation_suite_name") ? suite.get("expectation_suite_name") : suite.get("name");
    Object list = suite.get("expectations");
    if (!(list instanceof List<?> items)) {
      throw new InvalidExpectationSuiteException(-1, null, "expectations", "the suite has no \"expectations\" list");
    }
    List<Expectation> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (!(items.get(i) instanceof Map<?, ?> em)) {
        throw new InvalidExpectationSuiteException(i, null, null, "an expectation must be a JSON object");
      }
      out.add(expectationOf(i, (Map<String, Object>) em));
    }
    Object meta = suite.get("meta");
    return new ExpectationSuite(name == null ? "" : String.valueOf(name), out,
        meta instanceof Map<?, ?> mm ? (Map<String, Object>) mm : Map.of());
  }

  @SuppressWarnings("unchecked")
  private static Expectation expectationOf(int i, Map<String, Object> em) {
    Object type = em.containsKey("expectation_type") ? em.get("expectation_type") : em.get("type");
    if (!(type instanceof String t) || t.isBlank()) {
      throw new InvalidExpectationSuiteException(i, null, "type", "missing \"type\" (GE 1.x) or "
          + "\"expectation_type\" (GE 0.x)");
    }
    Map<String, Object> kwargs = new LinkedHashMap<>();
    if (em.get("kwargs") instanceof Map<?, ?> k) {
      kwargs.putAll((Map<String, Object>) k);
    } else if (em.containsKey("kwargs")) {
      throw new InvalidExpectationSuiteException(i, t, "kwargs", "must be a JSON object");
    }
    for (Map.Entry<String, Object> e : em.entrySet()) {
      if (!NOT_ARGUMENTS.contains(e.getKey())) {
        kwargs.putIfAbsent(e.getKey(), e.getValue()); // GE 1.x: arguments as fields of the expectation
      }
    }
    kwargs.keySet().removeAll(Set.of("result_format", "catch_exceptions", "include_config"));
    Object meta = em.get("meta");
    return new Expectation(t, kwargs, meta instanceof Map<?, ?> mm ? (Map<String, Object>) mm : Map.of());
  }

  public String name() {
    return name;
  }

  public List<Expectation> expectations() {
    return expectations;
  }

  public Map<String, Object> meta() {
    return meta;
  }

  /** The suite's {@code meta.max_quarantined_percent}, or null when it sets none. */
  public BigDecimal maxQuarantinedPercentOrNull() {
    Object v = meta.get("max_quarantined_percent");
    if (v == null) {
      return null;
    }
    try {
      BigDecimal d = new BigDecimal(String.valueOf(v));
      if (d.signum() < 0 || d.compareTo(BigDecimal.valueOf(100)) > 0) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new InvalidExpectationSuiteException(-1, null, "meta.max_quarantined_percent",
          "must be a number from 0 to 100, got " + v);
    }
  }

  /**
   * Checks every expectation against {@code schema} (types, columns, arguments, regexes, {@code mostly})
   * and prepares its evaluation.
   *
   * @throws InvalidExpectationSuiteException naming the first bad expectation's index and field
   */
  public BoundSuite bind(StructType schema) {
    maxQuarantinedPercentOrNull();
    return new BoundSuite(this, schema);
  }

  /** The suite in GE 1.x JSON ({@code name}, {@code expectations[{type, kwargs, meta}]}, {@code meta}). */
  public String toJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("name", name);
    List<Object> list = new ArrayList<>();
    for (Expectation e : expectations) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", e.type());
      m.put("kwargs", e.kwargs());
      m.put("meta", e.meta());
      list.add(m);
    }
    root.put("expectations", list);
    root.put("meta", meta);
    return QualityJson.write(root, true);
  }

  @Override
  public String toString() {
    return "ExpectationSuite{" + name + ", " + expectations.size() + " expectations}";
  }
}
