package io.tidelake.format.expr.internal;

import io.tidelake.format.Row;
import io.tidelake.format.predicate.internal.ValueOrder;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.PrimitiveType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;

/**
 * The built-in functions, evaluated with Spark's semantics on arguments the binder has already cast to
 * the types each function takes (see {@link FunctionBinder}). Unless noted, a NULL argument gives NULL.
 * Dates and timestamps are read in UTC (the session time zone).
 */
final class Functions {
  private Functions() {}

  enum Fn {
    LOWER { Object apply(Object[] a, Call c, Row r) { return ((String) a[0]).toLowerCase(Locale.ROOT); } },
    UPPER { Object apply(Object[] a, Call c, Row r) { return ((String) a[0]).toUpperCase(Locale.ROOT); } },
    /** Spark's trim removes spaces (U+0020) only, not tabs or newlines. */
    TRIM {
      Object apply(Object[] a, Call c, Row r) {
        String s = (String) a[0];
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) == ' ') {
          from++;
        }
        while (to > from && s.charAt(to - 1) == ' ') {
          to--;
        }
        return s.substring(from, to);
      }
    },
    CONCAT {
      Object apply(Object[] a, Call c, Row r) {
        StringBuilder sb = new StringBuilder();
        for (Object o : a) {
          sb.append((String) o);
        }
        return sb.toString();
      }
    },
    /** 1-based; 0 counts as 1; a negative start counts from the end; counts characters (code points). */
    SUBSTRING {
      Object apply(Object[] a, Call c, Row r) {
        String s = (String) a[0];
        int pos = (Integer) a[1];
        long len = a.length > 2 ? (Integer) a[2] : Integer.MAX_VALUE;
        int n = s.codePointCount(0, s.length());
        long start = pos > 0 ? pos - 1L : pos < 0 ? n + (long) pos : 0;
        long end = Math.min(start + len, n);
        start = Math.max(start, 0);
        if (start >= end) {
          return "";
        }
        return s.substring(s.offsetByCodePoints(0, (int) start), s.offsetByCodePoints(0, (int) end));
      }
    },
    LENGTH {
      Object apply(Object[] a, Call c, Row r) {
        return a[0] instanceof byte[] b ? b.length : ((String) a[0]).codePointCount(0, ((String) a[0]).length());
      }
    },
    ABS {
      Object apply(Object[] a, Call c, Row r) {
        Object v = a[0];
        if (v instanceof BigDecimal d) {
          return d.abs();
        }
        if (v instanceof Double d) {
          return Math.abs(d);
        }
        if (v instanceof Float f) {
          return Math.abs(f);
        }
        long x = ((Number) v).longValue();
        if (x == Long.MIN_VALUE) {
          throw Errors.of("ARITHMETIC_OVERFLOW", "long overflow", c.sql(), c, r);
        }
        return Arithmetic.narrow(Math.abs(x), (PrimitiveType) c.type(), c, c.sql(), r);
      }
    },
    /** HALF_UP on the decimal value (for doubles, on their shortest decimal form, as Spark does). */
    ROUND {
      Object apply(Object[] a, Call c, Row r) {
        int scale = a.length > 1 ? (Integer) a[1] : 0;
        Object v = a[0];
        if (v instanceof BigDecimal d) {
          return Arithmetic.fitDecimal(d.setScale(scale, RoundingMode.HALF_UP), (DecimalType) c.type(), c, c.sql(), r,
              "ARITHMETIC_OVERFLOW");
        }
        if (v instanceof Double || v instanceof Float) {
          double d = ((Number) v).doubleValue();
          if (Double.isNaN(d) || Double.isInfinite(d)) {
            return v;
          }
          BigDecimal rounded = new BigDecimal(v.toString()).setScale(scale, RoundingMode.HALF_UP);
          return v instanceof Float ? (Object) rounded.floatValue() : (Object) rounded.doubleValue();
        }
        if (scale >= 0) {
          return v;
        }
        BigDecimal rounded = BigDecimal.valueOf(((Number) v).longValue()).setScale(scale, RoundingMode.HALF_UP);
        if (rounded.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0
            || rounded.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
          throw Errors.of("ARITHMETIC_OVERFLOW", "long overflow", c.sql(), c, r);
        }
        return Arithmetic.narrow(rounded.longValue(), (PrimitiveType) c.type(), c, c.sql(), r);
      }
    },
    FLOOR { Object apply(Object[] a, Call c, Row r) { return floorCeil(a[0], true); } },
    CEIL { Object apply(Object[] a, Call c, Row r) { return floorCeil(a[0], false); } },
    /** NULLs are skipped; NULL only when every argument is. */
    GREATEST { Object apply(Object[] a, Call c, Row r) { return extreme(a, true); } },
    LEAST { Object apply(Object[] a, Call c, Row r) { return extreme(a, false); } },
    /** Evaluated lazily by {@link Call}; listed here for its name and arity. */
    COALESCE { Object apply(Object[] a, Call c, Row r) { throw new IllegalStateException(); } },
    CURRENT_DATE { Object apply(Object[] a, Call c, Row r) { return LocalDate.now(ZoneOffset.UTC); } },
    CURRENT_TIMESTAMP {
      Object apply(Object[] a, Call c, Row r) {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
      }
    },
    DATE_ADD { Object apply(Object[] a, Call c, Row r) { return ((LocalDate) a[0]).plusDays((Integer) a[1]); } },
    DATE_SUB { Object apply(Object[] a, Call c, Row r) { return ((LocalDate) a[0]).minusDays((Integer) a[1]); } },
    /** {@code datediff(end, start)}: days from start to end. */
    DATEDIFF {
      Object apply(Object[] a, Call c, Row r) {
        return (int) ChronoUnit.DAYS.between((LocalDate) a[1], (LocalDate) a[0]);
      }
    },
    YEAR { Object apply(Object[] a, Call c, Row r) { return ((LocalDate) a[0]).getYear(); } },
    MONTH { Object apply(Object[] a, Call c, Row r) { return ((LocalDate) a[0]).getMonthValue(); } },
    DAY { Object apply(Object[] a, Call c, Row r) { return ((LocalDate) a[0]).getDayOfMonth(); } },
    HOUR {
      Object apply(Object[] a, Call c, Row r) {
        return a[0] instanceof Instant t ? LocalDateTime.ofInstant(t, ZoneOffset.UTC).getHour()
            : ((LocalDateTime) a[0]).getHour();
      }
    },
    /** {@code date_trunc(unit, ts)}; the unit was checked and upper-cased when binding. */
    DATE_TRUNC {
      Object apply(Object[] a, Call c, Row r) {
        String unit = (String) a[0];
        if (a[1] instanceof Instant t) {
          return truncate(LocalDateTime.ofInstant(t, ZoneOffset.UTC), unit).toInstant(ZoneOffset.UTC);
        }
        return truncate((LocalDateTime) a[1], unit);
      }
    };

    abstract Object apply(Object[] args, Call call, Row row);

    /** Whether any NULL argument makes the result NULL without calling {@link #apply}. */
    boolean nullIntolerant() {
      return this != GREATEST && this != LEAST && this != COALESCE;
    }

    boolean deterministic() {
      return this != CURRENT_DATE && this != CURRENT_TIMESTAMP;
    }

    String sqlName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  record Call(Fn fn, List<Node> args, DataType type, String sql) implements Node {
    @Override
    public Object eval(Row row) {
      if (fn == Fn.COALESCE) {
        for (Node n : args) {
          Object v = n.eval(row);
          if (v != null) {
            return v;
          }
        }
        return null;
      }
      Object[] values = new Object[args.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = args.get(i).eval(row);
        if (values[i] == null && fn.nullIntolerant()) {
          return null;
        }
      }
      try {
        return fn.apply(values, this, row);
      } catch (java.time.DateTimeException e) {
        throw Errors.of("DATETIME_OVERFLOW", e.getMessage(), sql, this, row);
      }
    }

    @Override
    public List<Node> children() {
      return args;
    }

    @Override
    public boolean deterministic() {
      return fn.deterministic() && Node.super.deterministic();
    }
  }

  private static Object floorCeil(Object v, boolean floor) {
    if (v instanceof BigDecimal d) {
      return d.setScale(0, floor ? RoundingMode.FLOOR : RoundingMode.CEILING);
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      return (long) (floor ? Math.floor(d) : Math.ceil(d)); // saturates, as Spark's toLong does
    }
    return ((Number) v).longValue();
  }

  private static Object extreme(Object[] a, boolean greatest) {
    Object best = null;
    for (Object o : a) {
      if (o != null && (best == null || (ValueOrder.compare(o, best) > 0) == greatest && ValueOrder.compare(o, best) != 0)) {
        best = o;
      }
    }
    return best;
  }

  static final List<String> TRUNC_UNITS = List.of("YEAR", "YYYY", "YY", "QUARTER", "MONTH", "MM", "MON", "WEEK",
      "DAY", "DD", "HOUR", "MINUTE", "SECOND", "MILLISECOND", "MICROSECOND");

  private static LocalDateTime truncate(LocalDateTime t, String unit) {
    switch (unit) {
      case "YEAR": case "YYYY": case "YY": return t.toLocalDate().withDayOfYear(1).atStartOfDay();
      case "QUARTER": return t.toLocalDate().withDayOfMonth(1).withMonth((t.getMonthValue() - 1) / 3 * 3 + 1).atStartOfDay();
      case "MONTH": case "MM": case "MON": return t.toLocalDate().withDayOfMonth(1).atStartOfDay();
      case "WEEK": return t.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay();
      case "DAY": case "DD": return t.truncatedTo(ChronoUnit.DAYS);
      case "HOUR": return t.truncatedTo(ChronoUnit.HOURS);
      case "MINUTE": return t.truncatedTo(ChronoUnit.MINUTES);
      case "SECOND": return t.truncatedTo(ChronoUnit.SECONDS);
      case "MILLISECOND": return t.truncatedTo(ChronoUnit.MILLIS);
      default: return t.truncatedTo(ChronoUnit.MICROS);
    }
  }
}
