package io.tidelake.stream;

import io.tidelake.format.GenericRow;
import io.tidelake.format.Row;
import io.tidelake.format.expr.Expression;
import io.tidelake.format.expr.Expressions;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One stateless step of a query (filter, select, computed column, Java function), bound to its input
 * schema when the query starts so that errors in the text surface before any row is read.
 */
interface Transform {
  /** Binds to the input schema; the result maps each row (laid out as {@code in}) to a row or null (dropped). */
  Bound bind(StructType in);

  record Bound(StructType out, Function<Row, Row> fn) {}

  /** Keeps rows for which the condition is true (null and false drop the row, as in SQL). */
  static Transform filter(String condition) {
    return in -> {
      Expression c = Expressions.parseCondition(condition, in);
      return new Bound(in, r -> Boolean.TRUE.equals(c.eval(r)) ? r : null);
    };
  }

  static Transform filter(Predicate<Row> keep) {
    return in -> new Bound(in, r -> keep.test(r) ? r : null);
  }

  /** {@code "a, b, amount * 2 AS doubled"}: an item without alias is named by its column or its text. */
  static Transform select(String selectList) {
    return in -> {
      List<StructField> fields = new ArrayList<>();
      List<Expression> exprs = new ArrayList<>();
      for (SelectList.Item item : SelectList.parse(selectList)) {
        Expression e = Expressions.parse(item.expression(), in);
        String name = item.alias();
        if (name == null) {
          StructField col = in.field(item.expression().replace("`", ""));
          name = col != null ? col.name() : e.toSql();
        }
        for (StructField f : fields) {
          if (f.name().equalsIgnoreCase(name)) {
            throw new StreamingException("Column " + name + " appears twice in select list '" + selectList
                + "'; give one of them another name with AS");
          }
        }
        StructField src = in.field(name);
        boolean nullable = src == null || !e.referencedColumns().equals(java.util.Set.of(src.name())) || src.nullable();
        fields.add(new StructField(name, e.type(), nullable));
        exprs.add(e);
      }
      StructType out = new StructType(fields);
      Expression[] es = exprs.toArray(Expression[]::new);
      return new Bound(out, r -> {
        Object[] v = new Object[es.length];
        for (int i = 0; i < es.length; i++) {
          v[i] = es[i].eval(r);
        }
        return GenericRow.trusted(out, v);
      });
    };
  }

  /** Adds (or replaces) column {@code name} computed by {@code expression}. */
  static Transform withColumn(String name, String expression) {
    return in -> {
      Expression e = Expressions.parse(expression, in);
      int replace = in.field(name) == null ? -1 : in.indexOf(in.field(name).name());
      List<StructField> fields = new ArrayList<>(in.fields());
      StructField f = new StructField(name, e.type(), true);
      if (replace >= 0) {
        fields.set(replace, f);
      } else {
        fields.add(f);
      }
      StructType out = new StructType(fields);
      int width = out.size();
      return new Bound(out, r -> {
        Object[] v = new Object[width];
        for (int i = 0; i < r.size(); i++) {
          v[i] = r.get(i);
        }
        v[replace >= 0 ? replace : width - 1] = e.eval(r);
        return GenericRow.trusted(out, v);
      });
    };
  }

  /** A Java function to rows of {@code out} (return null to drop a row). */
  static Transform map(StructType out, Function<Row, Row> fn) {
    return in -> new Bound(out, fn);
  }
}
