package io.tidelake.format.expr.internal;

import java.util.List;
import java.util.Set;

/** Walks over unbound trees. */
final class Asts {
  private Asts() {}

  static List<Ast> children(Ast a) {
    if (a instanceof Ast.Neg n) {
      return List.of(n.child());
    } else if (a instanceof Ast.Binary b) {
      return List.of(b.left(), b.right());
    } else if (a instanceof Ast.And n) {
      return n.children();
    } else if (a instanceof Ast.Or n) {
      return n.children();
    } else if (a instanceof Ast.Not n) {
      return List.of(n.child());
    } else if (a instanceof Ast.IsNull n) {
      return List.of(n.child());
    } else if (a instanceof Ast.In n) {
      List<Ast> out = new java.util.ArrayList<>(n.values());
      out.add(0, n.child());
      return out;
    } else if (a instanceof Ast.Between n) {
      return List.of(n.child(), n.low(), n.high());
    } else if (a instanceof Ast.Like n) {
      return List.of(n.child());
    } else if (a instanceof Ast.Case c) {
      List<Ast> out = new java.util.ArrayList<>();
      if (c.operand() != null) {
        out.add(c.operand());
      }
      for (int i = 0; i < c.whens().size(); i++) {
        out.add(c.whens().get(i));
        out.add(c.thens().get(i));
      }
      if (c.otherwise() != null) {
        out.add(c.otherwise());
      }
      return out;
    } else if (a instanceof Ast.Cast c) {
      return List.of(c.child());
    } else if (a instanceof Ast.Call c) {
      return c.args();
    }
    return List.of();
  }

  /** Top-level names (the first part of each path) in order of first mention. */
  static void collectColumns(Ast a, Set<String> out) {
    if (a instanceof Ast.Col c) {
      out.add(c.path().get(0));
    }
    for (Ast k : children(a)) {
      collectColumns(k, out);
    }
  }

  static boolean deterministic(Ast a) {
    if (a instanceof Ast.Call c && (c.name().equals("current_date") || c.name().equals("current_timestamp"))) {
      return false;
    }
    if (a instanceof Ast.Col c && c.path().size() == 1
        && (c.path().get(0).equalsIgnoreCase("current_date") || c.path().get(0).equalsIgnoreCase("current_timestamp"))) {
      return false;
    }
    for (Ast k : children(a)) {
      if (!deterministic(k)) {
        return false;
      }
    }
    return true;
  }
}
