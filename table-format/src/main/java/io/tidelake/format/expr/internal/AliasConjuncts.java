package io.tidelake.format.expr.internal;

import io.tidelake.format.expr.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The part of a condition over a {@link Scope} that reads only one alias's columns: its top-level AND
 * operands that mention no other alias, with the qualifier dropped so that the result binds to that
 * alias's own schema. A row of that alias failing this part cannot satisfy the whole condition, which
 * is what lets MERGE prune target files with an ON condition.
 */
public final class AliasConjuncts {
  private AliasConjuncts() {}

  /** The conjuncts over {@code alias} alone, or null when there are none. */
  public static Ast of(Ast condition, Scope scope, String alias) {
    List<Ast> parts = condition instanceof Ast.And and ? and.children() : List.of(condition);
    List<Ast> kept = new ArrayList<>();
    for (Ast part : parts) {
      if (Asts.deterministic(part) && readsOnly(part, scope, alias)) {
        kept.add(map(part, c -> isQualified(c, scope) ? new Ast.Col(c.path().subList(1, c.path().size())) : c));
      }
    }
    return kept.isEmpty() ? null : kept.size() == 1 ? kept.get(0) : new Ast.And(kept);
  }

  private static boolean isQualified(Ast.Col c, Scope scope) {
    return c.path().size() > 1 && scope.schema(c.path().get(0)) != null;
  }

  /** Whether every column is {@code alias.x}, or unqualified and a column of {@code alias} (binding made it unique). */
  private static boolean readsOnly(Ast a, Scope scope, String alias) {
    if (a instanceof Ast.Col c) {
      if (isQualified(c, scope)) {
        return c.path().get(0).equalsIgnoreCase(alias);
      }
      return scope.schema(alias).indexOf(c.path().get(0)) >= 0;
    }
    for (Ast k : Asts.children(a)) {
      if (!readsOnly(k, scope, alias)) {
        return false;
      }
    }
    return true;
  }

  /** A copy of the tree with every column replaced by {@code f(column)}. */
  static Ast map(Ast a, Function<Ast.Col, Ast> f) {
    if (a instanceof Ast.Col c) {
      return f.apply(c);
    } else if (a instanceof Ast.Lit) {
      return a;
    } else if (a instanceof Ast.Neg n) {
      return new Ast.Neg(map(n.child(), f));
    } else if (a instanceof Ast.Binary b) {
      return new Ast.Binary(b.op(), map(b.left(), f), map(b.right(), f));
    } else if (a instanceof Ast.And n) {
      return new Ast.And(mapAll(n.children(), f));
    } else if (a instanceof Ast.Or n) {
      return new Ast.Or(mapAll(n.children(), f));
    } else if (a instanceof Ast.Not n) {
      return new Ast.Not(map(n.child(), f));
    } else if (a instanceof Ast.IsNull n) {
      return new Ast.IsNull(map(n.child(), f), n.negated());
    } else if (a instanceof Ast.In n) {
      return new Ast.In(map(n.child(), f), mapAll(n.values(), f), n.negated());
    } else if (a instanceof Ast.Between n) {
      return new Ast.Between(map(n.child(), f), map(n.low(), f), map(n.high(), f), n.negated());
    } else if (a instanceof Ast.Like n) {
      return new Ast.Like(map(n.child(), f), n.pattern(), n.negated());
    } else if (a instanceof Ast.Case c) {
      return new Ast.Case(c.operand() == null ? null : map(c.operand(), f), mapAll(c.whens(), f),
          mapAll(c.thens(), f), c.otherwise() == null ? null : map(c.otherwise(), f));
    } else if (a instanceof Ast.Cast c) {
      return new Ast.Cast(map(c.child(), f), c.type());
    } else if (a instanceof Ast.Call c) {
      return new Ast.Call(c.name(), mapAll(c.args(), f));
    }
    throw new IllegalStateException("unknown node " + a);
  }

  private static List<Ast> mapAll(List<Ast> items, Function<Ast.Col, Ast> f) {
    List<Ast> out = new ArrayList<>(items.size());
    for (Ast a : items) {
      out.add(map(a, f));
    }
    return out;
  }
}
