package io.tidelake.format.expr.internal;

import io.tidelake.format.Row;
import io.tidelake.format.expr.Expression;
import io.tidelake.format.types.DataType;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * An expression parsed without a schema, as found in an unbound predicate's {@code Expr} leaf. It
 * renders and lists its columns, but has no type and cannot be evaluated until the predicate is bound.
 * Equality ignores the source text and positions, which are kept only for error messages at binding.
 */
public final class Unbound implements Expression {
  private final Ast ast;
  private final String text;
  private final Map<Object, Integer> positions;

  public Unbound(Ast ast, String text, Map<Object, Integer> positions) {
    this.ast = ast;
    this.text = text;
    this.positions = positions;
  }

  public Ast ast() {
    return ast;
  }

  public String text() {
    return text;
  }

  public Map<Object, Integer> positions() {
    return positions;
  }

  @Override
  public DataType type() {
    throw notBound();
  }

  @Override
  public String toSql() {
    return AstText.render(ast);
  }

  @Override
  public Set<String> referencedColumns() {
    Set<String> out = new LinkedHashSet<>();
    Asts.collectColumns(ast, out);
    return Collections.unmodifiableSet(out);
  }

  @Override
  public boolean isDeterministic() {
    return Asts.deterministic(ast);
  }

  @Override
  public Object eval(Row row) {
    throw notBound();
  }

  private IllegalStateException notBound() {
    return new IllegalStateException("Expression '" + toSql() + "' is not bound; bind the predicate to a schema first");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Unbound u && ast.equals(u.ast);
  }

  @Override
  public int hashCode() {
    return ast.hashCode();
  }

  @Override
  public String toString() {
    return toSql();
  }
}
