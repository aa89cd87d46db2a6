package io.tidelake.format.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random arithmetic and boolean expressions over random rows, checked against a small reference
 * evaluator written here from Spark's rules (exact BigInteger arithmetic with range checks per type,
 * Kleene logic, NULL propagation), independent of the production evaluator.
 */
class RandomizedExpressionTest {
  private static final StructType SCHEMA = SchemaDdl.parse("a int, b int, c long, x double, flag boolean");
  private static final int ROWS = 25;

  enum T { INT, LONG, DOUBLE, BOOL }

  /** Thrown by the reference evaluator with Spark's error class. */
  static final class RefError extends RuntimeException {
    final String errorClass;

    RefError(String errorClass) {
      super(errorClass, null, false, false);
      this.errorClass = errorClass;
    }
  }

  /** A test-side expression: text, its Spark type, and its reference value on a row. */
  interface E {
    String sql();

    T type();

    Object eval(Object[] row);
  }

  record Col(String name, int ordinal, T type) implements E {
    public String sql() {
      return name;
    }

    public Object eval(Object[] row) {
      return row[ordinal];
    }
  }

  record Lit(Object value, T type) implements E {
    public String sql() {
      return value == null ? "NULL" : value instanceof Boolean b ? (b ? "TRUE" : "FALSE") : value.toString();
    }

    public Object eval(Object[] row) {
      return value;
    }
  }

  record Arith(String op, E l, E r) implements E {
    public String sql() {
      return "(" + l.sql() + " " + op + " " + r.sql() + ")";
    }

    public T type() {
      return op.equals("/") ? T.DOUBLE : wider(l, r);
    }

    public Object eval(Object[] row) {
      Object a = l.eval(row);
      if (a == null) {
        return null;
      }
      Object b = r.eval(row);
      if (b == null) {
        return null;
      }
      T t = type();
      if (t == T.DOUBLE) {
        double x = ((Number) a).doubleValue();
        double y = ((Number) b).doubleValue();
        if ((op.equals("/") || op.equals("%")) && y == 0) {
          throw new RefError("DIVIDE_BY_ZERO");
        }
        switch (op) {
          case "+": return x + y;
          case "-": return x - y;
          case "*": return x * y;
          case "/": return x / y;
          default: return x % y;
        }
      }
      BigInteger x = BigInteger.valueOf(((Number) a).longValue());
      BigInteger y = BigInteger.valueOf(((Number) b).longValue());
      BigInteger z;
      switch (op) {
        case "+": z = x.add(y); break;
        case "-": z = x.subtract(y); break;
        case "*": z = x.multiply(y); break;
        default:
          if (y.signum() == 0) {
            throw new RefError("DIVIDE_BY_ZERO");
          }
          z = x.remainder(y); // sign of the dividend
      }
      return fit(z, t);
    }
  }

  record Neg(E child) implements E {
    public String sql() {
      return "(-" + child.sql() + ")";
    }

    public T type() {
      return child.type();
    }

    public Object eval(Object[] row) {
      Object v = child.eval(row);
      if (v == null) {
        return null;
      }
      return v instanceof Double d ? -d : fit(BigInteger.valueOf(((Number) v).longValue()).negate(), type());
    }
  }

  record Fn(String name, List<E> args) implements E {
    public String sql() {
      List<String> parts = new ArrayList<>();
      args.forEach(a -> parts.add(a.sql()));
      return name + "(" + String.join(", ", parts) + ")";
    }

    public T type() {
      T t = args.get(0).type();
      for (E a : args) {
        t = wider(t, a.type());
      }
      return t;
    }

    public Object eval(Object[] row) {
      T t = type();
      if (name.equals("coalesce")) {
        for (E a : args) {
          Object v = a.eval(row);
          if (v != null) {
            return convert(v, t);
          }
        }
        return null;
      }
      List<Object> vs = new ArrayList<>();
      for (E a : args) {
        vs.add(a.eval(row));
      }
      if (name.equals("abs")) {
        Object v = vs.get(0);
        return v == null ? null : v instanceof Double d ? Math.abs(d) : fit(BigInteger.valueOf(((Number) v).longValue()).abs(), t);
      }
      Object best = null;
      for (Object v : vs) {
        if (v != null) {
          Object cv = convert(v, t);
          int c = best == null ? 0 : compare(cv, best, t);
          if (best == null || (name.equals("greatest") ? c > 0 : c < 0)) {
            best = cv;
          }
        }
      }
      return best;
    }
  }

  record Cmp(String op, E l, E r) implements E {
    public String sql() {
      return "(" + l.sql() + " " + op + " " + r.sql() + ")";
    }

    public T type() {
      return T.BOOL;
    }

    public Object eval(Object[] row) {
      Object a = l.eval(row);
      Object b = r.eval(row);
      if (a == null || b == null) {
        return op.equals("<=>") ? a == b : null;
      }
      int c = compare(a, b, wider(l, r));
      switch (op) {
        case "=": case "<=>": return c == 0;
        case "!=": return c != 0;
        case "<": return c < 0;
        case "<=": return c <= 0;
        case ">": return c > 0;
        default: return c >= 0;
      }
    }
  }

  record Logic(String op, List<E> args) implements E {
    public String sql() {
      if (op.equals("NOT")) {
        return "(NOT " + args.get(0).sql() + ")";
      }
      List<String> parts = new ArrayList<>();
      args.forEach(a -> parts.add(a.sql()));
      return "(" + String.join(" " + op + " ", parts) + ")";
    }

    public T type() {
      return T.BOOL;
    }

    public Object eval(Object[] row) {
      if (op.equals("NOT")) {
        Object v = args.get(0).eval(row);
        return v == null ? null : !(Boolean) v;
      }
      boolean and = op.equals("AND");
      boolean sawNull = false;
      for (E a : args) {
        Object v = a.eval(row);
        if (v == null) {
          sawNull = true;
        } else if ((Boolean) v != and) {
          return !and;
        }
      }
      return sawNull ? null : and;
    }
  }

  record IsNull(E child, boolean negated) implements E {
    public String sql() {
      return "(" + child.sql() + (negated ? " IS NOT NULL)" : " IS NULL)");
    }

    public T type() {
      return T.BOOL;
    }

    public Object eval(Object[] row) {
      return (child.eval(row) == null) != negated;
    }
  }

  record Between(E v, E lo, E hi) implements E {
    public String sql() {
      return "(" + v.sql() + " BETWEEN " + lo.sql() + " AND " + hi.sql() + ")";
    }

    public T type() {
      return T.BOOL;
    }

    public Object eval(Object[] row) {
      T t = wider(wider(v.type(), lo.type()), hi.type());
      Object a = v.eval(row);
      Object l = lo.eval(row);
      Object h = hi.eval(row);
      Boolean ge = a == null || l == null ? null : compare(a, l, t) >= 0;
      Boolean le = a == null || h == null ? null : compare(a, h, t) <= 0;
      if (Boolean.FALSE.equals(ge) || Boolean.FALSE.equals(le)) {
        return false;
      }
      return ge == null || le == null ? null : true;
    }
  }

  record Case(E cond, E then, E otherwise) implements E {
    public String sql() {
      return "CASE WHEN " + cond.sql() + " THEN " + then.sql() + " ELSE " + otherwise.sql() + " END";
    }

    public T type() {
      return wider(then, otherwise);
    }

    public Object eval(Object[] row) {
      Object v = Boolean.TRUE.equals(cond.eval(row)) ? then.eval(row) : otherwise.eval(row);
      return v == null ? null : convert(v, type());
    }
  }

  static T wider(E a, E b) {
    // A NULL literal takes the other side's type.
    if (a instanceof Lit l && l.value() == null) {
      return b instanceof Lit m && m.value() == null ? T.INT : b.type();
    }
    if (b instanceof Lit l && l.value() == null) {
      return a.type();
    }
    return wider(a.type(), b.type());
  }

  static T wider(T a, T b) {
    return a.ordinal() >= b.ordinal() ? a : b;
  }

  static Object fit(BigInteger z, T t) {
    long min = t == T.INT ? Integer.MIN_VALUE : Long.MIN_VALUE;
    long max = t == T.INT ? Integer.MAX_VALUE : Long.MAX_VALUE;
    if (z.compareTo(BigInteger.valueOf(min)) < 0 || z.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new RefError("ARITHMETIC_OVERFLOW");
    }
    return t == T.INT ? (Object) z.intValue() : (Object) z.longValue();
  }

  static Object convert(Object v, T t) {
    switch (t) {
      case INT: return ((Number) v).intValue();
      case LONG: return ((Number) v).longValue();
      case DOUBLE: return ((Number) v).doubleValue();
      default: return v;
    }
  }

  /** Compare in the common type, as Spark casts both sides to it (a long compared with a double rounds). */
  static int compare(Object a, Object b, T t) {
    if (t == T.DOUBLE) {
      return Double.compare(((Number) a).doubleValue() + 0.0, ((Number) b).doubleValue() + 0.0);
    }
    if (t == T.BOOL) {
      return Boolean.compare((Boolean) a, (Boolean) b);
    }
    return new BigDecimal(((Number) a).longValue()).compareTo(new BigDecimal(((Number) b).longValue()));
  }

  // ------------------------------------------------------------------ generation

  private final Random rnd = new Random(20250417L);

  private E num(int depth) {
    if (depth <= 0 || rnd.nextInt(4) == 0) {
      switch (rnd.nextInt(6)) {
        case 0: return new Col("a", 0, T.INT);
        case 1: return new Col("b", 1, T.INT);
        case 2: return new Col("c", 2, T.LONG);
        case 3: return new Col("x", 3, T.DOUBLE);
        default: {
          int[] choices = {0, 1, -1, 2, 3, 7, -5, Integer.MAX_VALUE, Integer.MIN_VALUE + 1};
          return new Lit(choices[rnd.nextInt(choices.length)], T.INT);
        }
      }
    }
    switch (rnd.nextInt(8)) {
      case 0: case 1: case 2: {
        String op = new String[] {"+", "-", "*", "/", "%"}[rnd.nextInt(5)];
        E l = rnd.nextInt(12) == 0 ? new Lit(null, T.INT) : num(depth - 1);
        return new Arith(op, l, num(depth - 1));
      }
      case 3:
        return new Neg(num(depth - 1));
      case 4:
        return new Fn("abs", List.of(num(depth - 1)));
      case 5:
        return new Fn(rnd.nextBoolean() ? "greatest" : "least", List.of(num(depth - 1), num(depth - 1)));
      case 6:
        return new Fn("coalesce", List.of(num(depth - 1), num(depth - 1)));
      default:
        return new Case(bool(depth - 1), num(depth - 1), num(depth - 1));
    }
  }

  private E bool(int depth) {
    if (depth <= 0 || rnd.nextInt(5) == 0) {
      return rnd.nextInt(3) == 0 ? new Lit(rnd.nextBoolean(), T.BOOL) : new Col("flag", 4, T.BOOL);
    }
    switch (rnd.nextInt(7)) {
      case 0: case 1: {
        String op = new String[] {"=", "!=", "<", "<=", ">", ">=", "<=>"}[rnd.nextInt(7)];
        return new Cmp(op, num(depth - 1), rnd.nextInt(10) == 0 ? new Lit(null, T.INT) : num(depth - 1));
      }
      case 2:
        return new Logic(rnd.nextBoolean() ? "AND" : "OR", List.of(bool(depth - 1), bool(depth - 1), bool(depth - 1)));
      case 3:
        return new Logic("NOT", List.of(bool(depth - 1)));
      case 4:
        return new IsNull(num(depth - 1), rnd.nextBoolean());
      case 5:
        return new Between(num(depth - 1), num(depth - 1), num(depth - 1));
      default:
        return new Cmp("=", bool(depth - 1), bool(depth - 1));
    }
  }

  private Object[] randomRow() {
    Integer[] ints = {null, 0, 1, -1, 2, 5, -7, 100, Integer.MAX_VALUE, Integer.MIN_VALUE};
    Long[] longs = {null, 0L, 3L, -4L, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE};
    Double[] doubles = {null, 0.0, -0.0, 1.5, -2.25, 1e10, 3.0};
    Boolean[] bools = {null, true, false};
    return new Object[] {ints[rnd.nextInt(ints.length)], ints[rnd.nextInt(ints.length)], longs[rnd.nextInt(longs.length)],
        doubles[rnd.nextInt(doubles.length)], bools[rnd.nextInt(bools.length)]};
  }

  @Test
  void randomExpressionsAgreeWithTheReference() {
    int checked = 0;
    int errors = 0;
    for (int n = 0; n < 1500; n++) {
      E e = rnd.nextBoolean() ? num(4) : bool(4);
      Expression bound = Expressions.parse(e.sql(), SCHEMA);
      assertThat(Expressions.parse(bound.toSql(), SCHEMA)).as(e.sql()).isEqualTo(bound);
      for (int r = 0; r < ROWS; r++) {
        Object[] values = randomRow();
        Row row = Row.of(SCHEMA, values);
        Object expected;
        String expectedError = null;
        try {
          expected = e.eval(values);
        } catch (RefError err) {
          expected = null;
          expectedError = err.errorClass;
        }
        try {
          Object actual = bound.eval(row);
          if (expectedError != null) {
            fail("%s on %s: expected %s but got %s", e.sql(), row, expectedError, actual);
          }
          assertThat(actual).as("%s on %s", e.sql(), row).isEqualTo(expected);
        } catch (ExpressionEvaluationException err) {
          assertThat(err.errorClass()).as("%s on %s: %s", e.sql(), row, err.getMessage()).isEqualTo(expectedError);
          errors++;
        }
        checked++;
      }
    }
    assertThat(checked).isEqualTo(1500 * ROWS);
    assertThat(errors).isGreaterThan(100); // overflow and division by zero really were exercised
  }
}
