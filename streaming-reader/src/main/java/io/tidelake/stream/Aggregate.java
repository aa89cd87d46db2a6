package io.tidelake.stream;

import io.tidelake.format.Row;
import io.tidelake.format.expr.Expression;
import io.tidelake.format.expr.Expressions;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.StructType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One aggregate of a window: {@code count(*)}, {@code count(x)}, {@code count(DISTINCT x)}, {@code sum(x)},
 * {@code min(x)}, {@code max(x)}, {@code avg(x)}, {@code first(x)} or {@code last(x)} of an expression, with
 * SQL's null handling (nulls are skipped; sum, min, max and avg of no values are null). {@code first} and
 * {@code last} are Spark's (nulls not ignored): the value of the window's first / last row in arrival order
 * (batch after batch, rows of a batch in source order). Its buffer is {@code [value, count]}; for
 * {@code count(DISTINCT x)} the value is the set of distinct values seen, saved with the window state.
 */
final class Aggregate {
  enum Kind { COUNT, COUNT_DISTINCT, SUM, MIN, MAX, AVG, FIRST, LAST }

  private static final Pattern CALL = Pattern.compile("(?is)^(\\w+)\\s*\\(\\s*(DISTINCT\\s+)?(.*?)\\s*\\)$");

  final String name;
  final Kind kind;
  final Expression arg; // null for count(*)
  final DataType resultType;
  private final DataType valueType; // the type of buffer slot 0

  private Aggregate(String name, Kind kind, Expression arg) {
    this.name = name;
    this.kind = kind;
    this.arg = arg;
    DataType in = arg == null ? PrimitiveType.LONG : arg.type();
    this.resultType = switch (kind) {
      case COUNT, COUNT_DISTINCT -> PrimitiveType.LONG;
      case AVG -> PrimitiveType.DOUBLE;
      case MIN, MAX, FIRST, LAST -> in;
      case SUM -> in instanceof DecimalType d ? new DecimalType(DecimalType.MAX_PRECISION, d.scale())
          : in == PrimitiveType.FLOAT || in == PrimitiveType.DOUBLE ? PrimitiveType.DOUBLE : PrimitiveType.LONG;
    };
    this.valueType = kind == Kind.AVG ? PrimitiveType.DOUBLE : kind == Kind.COUNT ? PrimitiveType.LONG
        : kind == Kind.COUNT_DISTINCT ? in : resultType;
  }

  /** {@code "count(*) AS n, sum(amount) AS total"} bound against the rows' schema. */
  static List<Aggregate> parse(String list, StructType in) {
    List<Aggregate> out = new ArrayList<>();
    for (SelectList.Item item : SelectList.parse(list)) {
      Matcher m = CALL.matcher(item.expression());
      if (!m.matches()) {
        throw new StreamingException("Not an aggregate: '" + item.expression() + "'; use count(*), count(x), "
            + "count(DISTINCT x), sum(x), min(x), max(x), avg(x), first(x) or last(x)");
      }
      String fn = m.group(1).toLowerCase(Locale.ROOT);
      boolean distinct = m.group(2) != null;
      if (distinct && !fn.equals("count")) {
        throw new NotYetSupportedException("Aggregate " + item.expression() + " is not supported yet: DISTINCT works "
            + "with count only");
      }
      Kind kind = switch (fn) {
        case "count" -> distinct ? Kind.COUNT_DISTINCT : Kind.COUNT;
        case "sum" -> Kind.SUM;
        case "min" -> Kind.MIN;
        case "max" -> Kind.MAX;
        case "avg" -> Kind.AVG;
        case "first" -> Kind.FIRST;
        case "last" -> Kind.LAST;
        default -> throw new StreamingException("Unknown aggregate function " + fn + " in '" + item.expression()
            + "'; use count, sum, min, max, avg, first or last");
      };
      String argText = m.group(3);
      if (kind == Kind.COUNT_DISTINCT && argText.equals("*")) {
        throw new StreamingException("count(DISTINCT *) is not supported: name the column, count(DISTINCT x)");
      }
      Expression arg = kind == Kind.COUNT && argText.equals("*") ? null : Expressions.parse(argText, in);
      if ((kind == Kind.SUM || kind == Kind.AVG) && !numeric(arg.type())) {
        throw new StreamingException(fn + " needs a number, but " + argText + " is " + arg.type().simpleString());
      }
      String name = item.alias() != null ? item.alias() : fn + "(" + argText + ")";
      out.add(new Aggregate(name, kind, arg));
    }
    return out;
  }

  private static boolean numeric(DataType t) {
    return t instanceof DecimalType || t == PrimitiveType.BYTE || t == PrimitiveType.SHORT
        || t == PrimitiveType.INTEGER || t == PrimitiveType.LONG || t == PrimitiveType.FLOAT || t == PrimitiveType.DOUBLE;
  }

  Object[] init() {
    return new Object[] {kind == Kind.COUNT_DISTINCT ? new java.util.TreeSet<String>() : null, 0L};
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  void update(Object[] buf, Row r) {
    Object v = arg == null ? Boolean.TRUE : arg.eval(r);
    if (kind == Kind.FIRST || kind == Kind.LAST) {
      // Spark's first/last keep nulls: the count says whether a first row was seen
      if (kind == Kind.LAST || (Long) buf[1] == 0) {
        buf[0] = v;
      }
      buf[1] = (Long) buf[1] + 1;
      return;
    }
    if (v == null) {
      return;
    }
    buf[1] = (Long) buf[1] + 1;
    switch (kind) {
      case COUNT, FIRST, LAST -> { }
      // distinct values are kept in their state encoding: equal values encode equally (arrays too)
      case COUNT_DISTINCT -> ((java.util.Set<String>) buf[0]).add(StateCodec.encode(v));
      case SUM -> buf[0] = add(buf[0], v);
      case AVG -> buf[0] = (buf[0] == null ? 0.0 : (Double) buf[0]) + ((Number) v).doubleValue();
      case MIN -> buf[0] = buf[0] == null || ((Comparable) v).compareTo(buf[0]) < 0 ? v : buf[0];
      case MAX -> buf[0] = buf[0] == null || ((Comparable) v).compareTo(buf[0]) > 0 ? v : buf[0];
    }
  }

  private Object add(Object acc, Object v) {
    if (resultType instanceof DecimalType) {
      return (acc == null ? BigDecimal.ZERO : (BigDecimal) acc).add((BigDecimal) v);
    }
    if (resultType == PrimitiveType.DOUBLE) {
      return (acc == null ? 0.0 : (Double) acc) + ((Number) v).doubleValue();
    }
    return Math.addExact(acc == null ? 0L : (Long) acc, ((Number) v).longValue());
  }

  Object result(Object[] buf) {
    long n = (Long) buf[1];
    return switch (kind) {
      case COUNT -> n;
      case COUNT_DISTINCT -> (long) ((java.util.Set<?>) buf[0]).size();
      case AVG -> n == 0 ? null : (Double) buf[0] / n;
      default -> buf[0];
    };
  }

  @SuppressWarnings("unchecked")
  String[] encode(Object[] buf) {
    if (kind == Kind.COUNT_DISTINCT) {
      com.fasterxml.jackson.databind.node.ArrayNode a = JSON.createArrayNode();
      ((java.util.Set<String>) buf[0]).forEach(a::add);
      return new String[] {a.toString(), String.valueOf(buf[1])};
    }
    return new String[] {StateCodec.encode(buf[0]), String.valueOf(buf[1])};
  }

  Object[] decode(String value, String count) {
    if (kind == Kind.COUNT_DISTINCT) {
      java.util.TreeSet<String> set = new java.util.TreeSet<>();
      try {
        JSON.readTree(value).forEach(n -> set.add(n.asText()));
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("count(DISTINCT) state is not a JSON array: " + e.getMessage(), e);
      }
      return new Object[] {set, Long.valueOf(count)};
    }
    return new Object[] {StateCodec.decode(value, valueType), Long.valueOf(count)};
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
}
