package io.tidelake.format.expr.internal;

import io.tidelake.format.predicate.Literal;
import io.tidelake.format.types.DataType;
import java.util.List;

/**
 * The unbound parse tree of the one expression grammar, shared by predicates and value expressions.
 * Nodes carry no source positions (the parser keeps those in an identity map), so two trees parsed
 * from differently spaced text compare equal and {@code parse(render(t))} equals {@code t}.
 */
public sealed interface Ast {

  /** {@code a}, {@code a.b} (struct field or alias-qualified column; the binder decides). */
  record Col(List<String> path) implements Ast {
    public Col {
      path = List.copyOf(path);
    }
  }

  /** A literal as written: the predicate {@link Literal} (unbound) keeps byte[] equality right. */
  record Lit(Literal literal) implements Ast {
    public Object value() {
      return literal.rawValue();
    }
  }

  /** Unary minus on a non-literal operand (a minus before a number is folded into the literal). */
  record Neg(Ast child) implements Ast {}

  /** Arithmetic {@code + - * / %} and comparisons {@code = != < <= > >= <=>}, in canonical spelling. */
  record Binary(String op, Ast left, Ast right) implements Ast {}

  record And(List<Ast> children) implements Ast {
    public And {
      children = List.copyOf(children);
    }
  }

  record Or(List<Ast> children) implements Ast {
    public Or {
      children = List.copyOf(children);
    }
  }

  record Not(Ast child) implements Ast {}

  record IsNull(Ast child, boolean negated) implements Ast {}

  record In(Ast child, List<Ast> values, boolean negated) implements Ast {
    public In {
      values = List.copyOf(values);
    }
  }

  record Between(Ast child, Ast low, Ast high, boolean negated) implements Ast {}

  /** LIKE takes a quoted pattern only (no pattern expressions), which keeps it compilable once. */
  record Like(Ast child, String pattern, boolean negated) implements Ast {}

  /** {@code CASE [operand] WHEN .. THEN .. [ELSE ..] END}; operand and otherwise may be null. */
  record Case(Ast operand, List<Ast> whens, List<Ast> thens, Ast otherwise) implements Ast {
    public Case {
      whens = List.copyOf(whens);
      thens = List.copyOf(thens);
    }
  }

  record Cast(Ast child, DataType type) implements Ast {}

  /** A function call; {@code name} is lower case. */
  record Call(String name, List<Ast> args) implements Ast {
    public Call {
      args = List.copyOf(args);
    }
  }

  /** Comparison operators, in the canonical spelling the parser produces. */
  static boolean isComparison(String op) {
    switch (op) {
      case "=": case "!=": case "<": case "<=": case ">": case ">=": case "<=>":
        return true;
      default:
        return false;
    }
  }
}
