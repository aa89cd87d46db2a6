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
 * One aggregate of a window: {@code count(*)}, {@code count(x)}, {@code sum(x)}, {@code min(x)},
 * {@code max(x)} or {@code avg(x)} of an expression, with SQL's null handling (nulls are skipped; sum, min,
 * max and avg of no values are null). Its buffer is {@code [value, count]}.
 */
final class Aggregate {
  enum Kind { COUNT, SUM, MIN, MAX, AVG }

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
      case COUNT -> PrimitiveType.LONG;
      case AVG -> PrimitiveType.DOUBLE;
      case MIN, MAX -> in;
      case SUM -> in instanceof DecimalType d ? new DecimalType(DecimalType.MAX_PRECISION, d.scale())
          : in == PrimitiveType.FLOAT || in == PrimitiveType.DOUBLE ? PrimitiveType.DOUBLE : PrimitiveType.LONG;
    };
    this.valueType = kind == Kind.AVG ? PrimitiveType.DOUBLE : kind == Kind.COUNT ? PrimitiveType.LONG : resultType;
  }

  /** {@code "count(*) AS n, sum(amount) AS total"} bound against the rows' schema. */
  static List<Aggregate> parse(String list, StructType in) {
    List<Aggregate> out = new ArrayList<>();
    for (SelectList.Item item : SelectList.parse(list)) {
      Matcher m = CALL.matcher(item.expression());
      if (!m.matches()) {
        throw new StreamingException("Not an aggregate: '" + item.expression() + "'; use count(*), count(x), sum(x), "
            + "min(x), max(x) or avg(x)");
      }
      String fn = m.group(1).toLowerCase(Locale.ROOT);
      if (m.group(2) != null || fn.equals("first") || fn.equals("last")) {
        throw new NotYetSupportedException("Aggregate " + item.expression() + " is not supported yet; use count, sum, "
            + "min, max or avg");
      }
      Kind kind = switch (fn) {
        case "count" -> Kind.COUNT;
        case "sum" -> Kind.SUM;
        case "min" -> Kind.MIN;
        case "max" -> Kind.MAX;
        case "avg" -> Kind.AVG;
        default -> throw new StreamingException("Unknown aggregate function " + fn + " in '" + item.expression()
            + "'; use count, sum, min, max or avg");
      };
      String argText = m.group(3);
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
    return new Object[] {null, 0L};
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  void update(Object[] buf, Row r) {
    Object v = arg == null ? Boolean.TRUE : arg.eval(r);
    if (v == null) {
      return;
    }
    buf[1] = (Long) buf[1] + 1;
    switch (kind) {
      case COUNT -> { }
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
      case AVG -> n == 0 ? null : (Double) buf[0] / n;
      default -> buf[0];
    };
  }

  String[] encode(Object[] buf) {
    return new String[] {StateCodec.encode(buf[0]), String.valueOf(buf[1])};
  }

  Object[] decode(String value, String count) {
    return new Object[] {StateCodec.decode(value, valueType), Long.valueOf(count)};
  }
}
