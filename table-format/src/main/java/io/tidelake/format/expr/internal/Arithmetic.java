package io.tidelake.format.expr.internal;

import io.tidelake.format.Row;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.PrimitiveType;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/**
 * {@code + - * / %} and unary minus in Spark's ANSI mode: NULL in, NULL out; integer results that do not
 * fit their type raise ARITHMETIC_OVERFLOW instead of wrapping; a zero divisor raises DIVIDE_BY_ZERO
 * (also for doubles, as Spark does under ANSI); decimal results are rounded HALF_UP to the result scale
 * and overflow when they need more precision. The binder has already cast both operands to the type
 * the operation is computed in (the result type, or the operands' decimal types for decimals).
 */
final class Arithmetic {
  private Arithmetic() {}

  record Arith(char op, Node left, Node right, DataType type, String sql) implements Node {
    @Override
    public Object eval(Row row) {
      Object a = left.eval(row);
      if (a == null) {
        return null;
      }
      Object b = right.eval(row);
      if (b == null) {
        return null;
      }
      if (type instanceof DecimalType d) {
        return decimal((BigDecimal) a, (BigDecimal) b, d, row);
      }
      PrimitiveType p = (PrimitiveType) type;
      if (p == PrimitiveType.DOUBLE || p == PrimitiveType.FLOAT) {
        double x = ((Number) a).doubleValue();
        double y = ((Number) b).doubleValue();
        if ((op == '/' || op == '%') && y == 0) {
          throw divideByZero(row);
        }
        double r = op == '+' ? x + y : op == '-' ? x - y : op == '*' ? x * y : op == '/' ? x / y : x % y;
        return p == PrimitiveType.FLOAT ? (Object) (float) r : (Object) r;
      }
      long x = ((Number) a).longValue();
      long y = ((Number) b).longValue();
      long r;
      try {
        switch (op) {
          case '+': r = Math.addExact(x, y); break;
          case '-': r = Math.subtractExact(x, y); break;
          case '*': r = Math.multiplyExact(x, y); break;
          default:
            if (y == 0) {
              throw divideByZero(row);
            }
            r = x % y; // Java's % keeps the dividend's sign, as Spark's does
        }
      } catch (ArithmeticException e) {
        throw overflow(row);
      }
      return narrow(r, p, this, sql, row);
    }

    private Object decimal(BigDecimal a, BigDecimal b, DecimalType d, Row row) {
      BigDecimal r;
      switch (op) {
        case '+': r = a.add(b); break;
        case '-': r = a.subtract(b); break;
        case '*': r = a.multiply(b); break;
        case '/':
          if (b.signum() == 0) {
            throw divideByZero(row);
          }
          r = a.divide(b, d.scale(), RoundingMode.HALF_UP);
          break;
        default:
          if (b.signum() == 0) {
            throw divideByZero(row);
          }
          r = a.remainder(b, MathContext.UNLIMITED);
      }
      return fitDecimal(r, d, this, sql, row, "ARITHMETIC_OVERFLOW");
    }

    private RuntimeException divideByZero(Row row) {
      return Errors.of("DIVIDE_BY_ZERO", "Division by zero", sql, this, row);
    }

    private RuntimeException overflow(Row row) {
      return Errors.of("ARITHMETIC_OVERFLOW", type.simpleString() + " overflow", sql, this, row);
    }

    @Override
    public List<Node> children() {
      return List.of(left, right);
    }
  }

  record Neg(Node child, DataType type, String sql) implements Node {
    @Override
    public Object eval(Row row) {
      Object v = child.eval(row);
      if (v == null) {
        return null;
      }
      if (v instanceof BigDecimal d) {
        return d.negate();
      }
      if (v instanceof Double d) {
        return -d;
      }
      if (v instanceof Float f) {
        return -f;
      }
      long x = ((Number) v).longValue();
      if (x == Long.MIN_VALUE) {
        throw Errors.of("ARITHMETIC_OVERFLOW", type.simpleString() + " overflow", sql, this, row);
      }
      return narrow(-x, (PrimitiveType) type, this, sql, row);
    }

    @Override
    public List<Node> children() {
      return List.of(child);
    }
  }

  /** A long result as the Java class of an integral type, or ARITHMETIC_OVERFLOW when it does not fit. */
  static Object narrow(long r, PrimitiveType p, Node node, String sql, Row row) {
    switch (p) {
      case BYTE:
        if (r == (byte) r) {
          return (byte) r;
        }
        break;
      case SHORT:
        if (r == (short) r) {
          return (short) r;
        }
        break;
      case INTEGER:
        if (r == (int) r) {
          return (int) r;
        }
        break;
      default:
        return r;
    }
    throw Errors.of("ARITHMETIC_OVERFLOW", p.simpleString() + " overflow: " + r + " does not fit", sql, node, row);
  }

  /** Rounds HALF_UP to the type's scale; more digits than its precision is an error of {@code errorClass}. */
  static BigDecimal fitDecimal(BigDecimal r, DecimalType d, Node node, String sql, Row row, String errorClass) {
    BigDecimal scaled = r.setScale(d.scale(), RoundingMode.HALF_UP);
    if (scaled.precision() - scaled.scale() > d.precision() - d.scale()) {
      throw Errors.of(errorClass, scaled.toPlainString() + " does not fit " + d.simpleString(), sql, node, row);
    }
    return scaled;
  }
}
