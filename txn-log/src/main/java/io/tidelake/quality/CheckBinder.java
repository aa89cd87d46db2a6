package io.tidelake.quality;

import io.tidelake.format.DidYouMean;
import io.tidelake.format.expr.Expression;
import io.tidelake.format.expr.ExpressionException;
import io.tidelake.format.expr.Expressions;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns one {@link Expectation} into a {@link Check} for a schema, refusing anything it cannot evaluate
 * exactly as GE would: each error names the expectation's index and the argument.
 */
final class CheckBinder {
  private static final Set<String> BOUNDS = Set.of("min_value", "max_value", "strict_min", "strict_max");
  /** Arguments GE writes into suites that do not change the check (or are null when unused). */
  private static final Set<String> IGNORED = Set.of("parse_strings_as_datetimes", "allow_cross_type_comparisons",
      "output_strftime_format", "auto", "profiler_config");

  /** The supported types and their arguments (mostly is added for row-level ones). */
  static final Map<String, Set<String>> ARGUMENTS = Map.ofEntries(
      Map.entry("expect_column_values_to_not_be_null", Set.of("column")),
      Map.entry("expect_column_values_to_be_null", Set.of("column")),
      Map.entry("expect_column_values_to_be_between", with("column")),
      Map.entry("expect_column_values_to_be_in_set", Set.of("column", "value_set")),
      Map.entry("expect_column_values_to_not_be_in_set", Set.of("column", "value_set")),
      Map.entry("expect_column_values_to_match_regex", Set.of("column", "regex")),
      Map.entry("expect_column_values_to_not_match_regex", Set.of("column", "regex")),
      Map.entry("expect_column_values_to_be_unique", Set.of("column")),
      Map.entry("expect_compound_columns_to_be_unique", Set.of("column_list", "ignore_row_if")),
      Map.entry("expect_column_value_lengths_to_be_between", with("column")),
      Map.entry("expect_row_condition", Set.of("condition")),
      Map.entry("expect_table_row_count_to_be_between", with()),
      Map.entry("expect_column_min_to_be_between", with("column")),
      Map.entry("expect_column_max_to_be_between", with("column")),
      Map.entry("expect_column_mean_to_be_between", with("column")),
      Map.entry("expect_column_sum_to_be_between", with("column")),
      Map.entry("expect_column_proportion_of_unique_values_to_be_between", with("column")),
      Map.entry("expect_table_columns_to_match_set", Set.of("column_set", "exact_match")));

  private static final Set<String> WITH_MOSTLY = Set.of("expect_column_values_to_not_be_null",
      "expect_column_values_to_be_null", "expect_column_values_to_be_between", "expect_column_values_to_be_in_set",
      "expect_column_values_to_not_be_in_set", "expect_column_values_to_match_regex",
      "expect_column_values_to_not_match_regex", "expect_column_values_to_be_unique",
      "expect_compound_columns_to_be_unique", "expect_column_value_lengths_to_be_between", "expect_row_condition");

  /** The layout of the rows the check reads (the table's schema, or the columns the suite needs). */
  private final StructType schema;
  /** The table's columns (for expect_table_columns_to_match_set). */
  private final List<String> tableColumns;
  private final int index;
  private final Expectation e;
  private final String type;
  private final AuditLimits limits;

  private CheckBinder(StructType schema, List<String> tableColumns, int index, Expectation e, AuditLimits limits) {
    this.limits = limits;
    this.schema = schema;
    this.tableColumns = tableColumns;
    this.index = index;
    this.e = e;
    this.type = e.type();
  }

  private static Set<String> with(String... more) {
    Set<String> s = new HashSet<>(BOUNDS);
    s.addAll(List.of(more));
    return s;
  }

  static Check bind(StructType rowSchema, List<String> tableColumns, int index, Expectation e, AuditLimits limits) {
    return new CheckBinder(rowSchema, tableColumns, index, e, limits).bind();
  }

  /** The columns {@code e} reads (by name as written), or null when it reads none. */
  static Set<String> columnsRead(Expectation e, StructType schema) {
    Set<String> out = new LinkedHashSet<>();
    if (e.kwargs().get("column") instanceof String c) {
      out.add(c);
    }
    if (e.kwargs().get("column_list") instanceof List<?> l) {
      l.forEach(c -> out.add(String.valueOf(c)));
    }
    if (e.kwargs().get("condition") instanceof String c && e.type().equals("expect_row_condition")) {
      out.addAll(Expressions.parseCondition(c, schema).referencedColumns());
    }
    return out;
  }

  private InvalidExpectationSuiteException error(String field, String problem) {
    return new InvalidExpectationSuiteException(index, type, field, problem);
  }

  private Check bind() {
    Set<String> allowed = ARGUMENTS.get(type);
    if (allowed == null) {
      String hint = DidYouMean.hint(type, new java.util.TreeSet<>(ARGUMENTS.keySet()), Math.max(3, type.length() / 4));
      throw error("type", "unknown expectation type" + hint
          + "; Tidelake supports: " + String.join(", ", new java.util.TreeSet<>(ARGUMENTS.keySet())));
    }
    boolean rowLevel = WITH_MOSTLY.contains(type);
    for (Map.Entry<String, Object> kv : e.kwargs().entrySet()) {
      String k = kv.getKey();
      if (allowed.contains(k) || IGNORED.contains(k) || (rowLevel && k.equals("mostly"))) {
        continue;
      }
      if ((k.equals("row_condition") || k.equals("condition_parser")) && kv.getValue() == null) {
        continue;
      }
      if (k.equals("row_condition")) {
        throw error(k, "GE's conditional expectations (row_condition) are not supported; filter with an "
            + "expect_row_condition expectation instead");
      }
      if (k.equals("mostly")) {
        throw error(k, "mostly applies to expectations about each row's values, not to " + type);
      }
      throw error(k, "unknown argument; " + type + " takes " + new java.util.TreeSet<>(allowed)
          + (rowLevel ? " and mostly" : ""));
    }
    OnFailure onFailure = OnFailure.parse(e.meta().get("on_failure"));
    if (onFailure == null) {
      throw error("meta.on_failure", "must be fail, quarantine or warn, got " + e.meta().get("on_failure"));
    }
    BigDecimal mostly = mostly();
    Check c = build(onFailure, mostly);
    if (onFailure == OnFailure.QUARANTINE && !c.rowLevel()) {
      throw error("meta.on_failure", "quarantine needs an expectation a single row can fail; " + type
          + " is decided over all rows: use fail or warn");
    }
    return c;
  }

  private BigDecimal mostly() {
    Object m = e.kwargs().get("mostly");
    if (m == null) {
      return BigDecimal.ONE;
    }
    BigDecimal d;
    try {
      d = m instanceof Number || m instanceof String ? new BigDecimal(m.toString().trim()) : null;
    } catch (NumberFormatException ex) {
      d = null;
    }
    if (d == null || d.signum() < 0 || d.compareTo(BigDecimal.ONE) > 0) {
      throw error("mostly", "must be a number from 0 to 1 (the fraction of non-null values that must pass), got " + m);
    }
    return d;
  }

  private Check build(OnFailure f, BigDecimal mostly) {
    switch (type) {
      case "expect_column_values_to_not_be_null":
        return new ColumnMapCheck(index, e, f, ordinal("column"), true, mostly, v -> v == null)
            .decidedByStats((rows, s) -> s.nullCount() == 0);
      case "expect_column_values_to_be_null":
        return new ColumnMapCheck(index, e, f, ordinal("column"), true, mostly, v -> v != null)
            .decidedByStats((rows, s) -> s.nullCount() == rows);
      case "expect_column_values_to_be_between": {
        int col = ordinal("column");
        ValueDomain d = orderedDomain(col);
        Range range = range(d, true);
        ColumnMapCheck c = new ColumnMapCheck(index, e, f, col, false, mostly, v -> !range.contains(d.norm(v)));
        // an integer column chunk whose footer min and max are in range has every value in range
        return d.kind != ValueDomain.Kind.INTEGRAL ? c : c.decidedByStats((rows, s) -> s.nullCount() == rows
            || (s.min() != null && range.contains(s.min()) && range.contains(s.max())));
      }
      case "expect_column_values_to_be_in_set":
      case "expect_column_values_to_not_be_in_set": {
        int col = ordinal("column");
        ValueDomain d = ValueDomain.of(schema.field(col).type());
        Set<Object> set = valueSet(d);
        boolean in = type.equals("expect_column_values_to_be_in_set");
        return new ColumnMapCheck(index, e, f, col, false, mostly, v -> set.contains(d.norm(v)) != in);
      }
      case "expect_column_values_to_match_regex":
      case "expect_column_values_to_not_match_regex": {
        int col = stringOrdinal("column");
        java.util.regex.Matcher m = regex().matcher(""); // one per audit (checks are bound per pass): reused per row
        boolean match = type.equals("expect_column_values_to_match_regex");
        return new ColumnMapCheck(index, e, f, col, false, mostly, v -> m.reset((String) v).find() != match);
      }
      case "expect_column_value_lengths_to_be_between": {
        int col = stringOrdinal("column");
        Range range = range(ValueDomain.of(io.tidelake.format.types.PrimitiveType.LONG), true);
        return new ColumnMapCheck(index, e, f, col, false, mostly,
            v -> !range.contains((long) ((String) v).codePointCount(0, ((String) v).length())));
      }
      case "expect_row_condition":
        return rowCondition(f, mostly);
      case "expect_column_values_to_be_unique": {
        int col = ordinal("column");
        return new UniquenessCheck(index, e, f, new int[] {col},
            new ValueDomain[] {ValueDomain.of(schema.field(col).type())}, UniquenessCheck.Ignore.ALL_MISSING, mostly,
            limits);
      }
      case "expect_compound_columns_to_be_unique":
        return compoundUnique(f, mostly);
      case "expect_table_row_count_to_be_between":
        return aggregate(f, AggregateCheck.Kind.ROW_COUNT, -1, null);
      case "expect_column_min_to_be_between":
      case "expect_column_max_to_be_between": {
        int col = ordinal("column");
        return aggregate(f, type.contains("_min_") ? AggregateCheck.Kind.MIN : AggregateCheck.Kind.MAX, col,
            orderedDomain(col));
      }
      case "expect_column_mean_to_be_between":
      case "expect_column_sum_to_be_between": {
        int col = ordinal("column");
        ValueDomain d = ValueDomain.of(schema.field(col).type());
        if (!d.numeric()) {
          throw error("column", "column '" + schema.field(col).name() + "' is " + schema.field(col).type()
              .simpleString() + "; mean and sum need a numeric column");
        }
        return aggregate(f, type.contains("_mean_") ? AggregateCheck.Kind.MEAN : AggregateCheck.Kind.SUM, col, d);
      }
      case "expect_column_proportion_of_unique_values_to_be_between": {
        int col = ordinal("column");
        return aggregate(f, AggregateCheck.Kind.UNIQUE_PROPORTION, col, ValueDomain.of(schema.field(col).type()));
      }
      case "expect_table_columns_to_match_set": {
        Object set = e.kwargs().get("column_set");
        if (!(set instanceof List<?> l)) {
          throw error("column_set", "must be a list of column names");
        }
        Set<String> names = new LinkedHashSet<>();
        l.forEach(x -> names.add(String.valueOf(x)));
        return new AggregateCheck.ColumnSet(index, e, f, tableColumns, names, flag("exact_match", true));
      }
      default:
        throw new IllegalStateException(type);
    }
  }

  private Check rowCondition(OnFailure f, BigDecimal mostly) {
    Object text = e.kwargs().get("condition");
    if (!(text instanceof String s) || s.isBlank()) {
      throw error("condition", "must be a condition in Tidelake's expression language, e.g. \"amount >= 0\"");
    }
    Expression cond;
    try {
      cond = Expressions.parseCondition(s, schema);
    } catch (ExpressionException ex) {
      throw error("condition", TextLines.first(ex.getMessage()));
    }
    // a row passes only when the condition is true: NULL is unexpected, as for a Delta CHECK constraint
    return new ColumnMapCheck(index, e, f, -1, true, mostly,
        row -> !Boolean.TRUE.equals(cond.eval((io.tidelake.format.Row) row)));
  }

  private Check compoundUnique(OnFailure f, BigDecimal mostly) {
    Object list = e.kwargs().get("column_list");
    if (!(list instanceof List<?> l) || l.isEmpty()) {
      throw error("column_list", "must be a non-empty list of column names");
    }
    int[] ords = new int[l.size()];
    ValueDomain[] domains = new ValueDomain[l.size()];
    for (int i = 0; i < l.size(); i++) {
      ords[i] = column("column_list", String.valueOf(l.get(i)));
      domains[i] = ValueDomain.of(schema.field(ords[i]).type());
    }
    Object ig = e.kwargs().getOrDefault("ignore_row_if", "all_values_are_missing");
    UniquenessCheck.Ignore ignore = switch (String.valueOf(ig)) {
      case "all_values_are_missing" -> UniquenessCheck.Ignore.ALL_MISSING;
      case "any_value_is_missing" -> UniquenessCheck.Ignore.ANY_MISSING;
      case "never" -> UniquenessCheck.Ignore.NEVER;
      default -> throw error("ignore_row_if", "must be all_values_are_missing, any_value_is_missing or never, got " + ig);
    };
    return new UniquenessCheck(index, e, f, ords, domains, ignore, mostly, limits);
  }

  private Check aggregate(OnFailure f, AggregateCheck.Kind kind, int col, ValueDomain d) {
    boolean minMax = kind == AggregateCheck.Kind.MIN || kind == AggregateCheck.Kind.MAX;
    ValueDomain boundDomain = minMax ? d : ValueDomain.of(new io.tidelake.format.types.DecimalType(38, 18));
    return new AggregateCheck(index, e, f, kind, col, d, range(boundDomain, false),
        kind == AggregateCheck.Kind.UNIQUE_PROPORTION ? limits.occurrences(new ValueDomain[] {d}) : null);
  }

  /** GE's min_value/max_value/strict_min/strict_max, as literals of {@code d}; null bounds are open. */
  record Range(Object min, Object max, boolean strictMin, boolean strictMax) {
    boolean contains(Object v) {
      if (min != null) {
        int c = ValueDomain.compare(v, min);
        if (c < 0 || (strictMin && c == 0)) {
          return false;
        }
      }
      if (max != null) {
        int c = ValueDomain.compare(v, max);
        return c < 0 || (!strictMax && c == 0);
      }
      return true;
    }
  }

  private Range range(ValueDomain d, boolean required) {
    Object min = bound(d, "min_value");
    Object max = bound(d, "max_value");
    if (required && min == null && max == null) {
      throw error("min_value", "min_value and max_value cannot both be null");
    }
    return new Range(min, max, flag("strict_min", false), flag("strict_max", false));
  }

  private int ordinal(String field) {
    Object name = e.kwargs().get(field);
    if (!(name instanceof String s) || s.isEmpty()) {
      throw error(field, "missing: name the column to check");
    }
    return column(field, s);
  }

  private int column(String field, String name) {
    int i = schema.indexOf(name);
    if (i < 0) {
      throw error(field, "the table has no column '" + name + "'" + DidYouMean.hint(name, schema.fieldNames(), 3)
          + "; columns: " + String.join(", ", schema.fieldNames()));
    }
    return i;
  }

  private int stringOrdinal(String field) {
    int col = ordinal(field);
    StructField sf = schema.field(col);
    if (ValueDomain.of(sf.type()).kind != ValueDomain.Kind.STRING) {
      throw error(field, "column '" + sf.name() + "' is " + sf.type().simpleString() + "; " + type
          + " needs a string column");
    }
    return col;
  }

  private ValueDomain orderedDomain(int col) {
    StructField sf = schema.field(col);
    ValueDomain d = ValueDomain.of(sf.type());
    if (!d.ordered()) {
      throw error("column", "column '" + sf.name() + "' is " + sf.type().simpleString() + ", whose values have no order");
    }
    return d;
  }

  private Object bound(ValueDomain d, String field) {
    Object v = e.kwargs().get(field);
    if (v == null) {
      return null;
    }
    if (v instanceof Map<?, ?>) {
      throw error(field, "suite parameters ($PARAMETER) are not supported; write the value");
    }
    try {
      return d.literal(v);
    } catch (RuntimeException ex) {
      throw error(field, "cannot compare " + v + " with the column: " + ex.getMessage());
    }
  }

  private Set<Object> valueSet(ValueDomain d) {
    Object set = e.kwargs().get("value_set");
    if (!(set instanceof List<?> l)) {
      throw error("value_set", "must be a list of values");
    }
    Set<Object> out = new HashSet<>();
    for (Object v : l) {
      if (v == null) {
        continue; // nulls are missing values, never tested against the set
      }
      try {
        out.add(d.kind == ValueDomain.Kind.BINARY ? v : d.literal(v));
      } catch (RuntimeException ex) {
        throw error("value_set", "cannot compare " + v + " with the column: " + ex.getMessage());
      }
    }
    return out;
  }

  private Pattern regex() {
    Object r = e.kwargs().get("regex");
    if (!(r instanceof String s)) {
      throw error("regex", "must be a regular expression string");
    }
    try {
      return Pattern.compile(s);
    } catch (PatternSyntaxException ex) {
      throw error("regex", "invalid regular expression: " + TextLines.first(ex.getMessage()));
    }
  }

  private boolean flag(String field, boolean dflt) {
    Object v = e.kwargs().get(field);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw error(field, "must be true or false, got " + v);
  }

  /** First lines of multi-line messages (regex and expression errors draw a caret below). */
  static final class TextLines {
    private TextLines() {}

    static String first(String m) {
      if (m == null) {
        return "";
      }
      int nl = m.indexOf('\n');
      return nl < 0 ? m : m.substring(0, nl);
    }
  }
}
