package io.tidelake.merge.internal;

import io.tidelake.format.DidYouMean;
import io.tidelake.format.expr.Expression;
import io.tidelake.format.expr.Expressions;
import io.tidelake.format.expr.Scope;
import io.tidelake.format.predicate.Column;
import io.tidelake.format.predicate.CompareOp;
import io.tidelake.format.predicate.Predicate;
import io.tidelake.format.predicate.Predicates;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import io.tidelake.merge.MergeClause;
import io.tidelake.merge.MergeClause.Action;
import io.tidelake.merge.MergeException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A MERGE's text bound to the target and source schemas before any row is read: the ON condition and
 * its hashable equalities, each clause's condition and per-column value expressions, and the clause
 * rules (every clause of a kind but the last has a condition). MATCHED clauses see both aliases (row =
 * target values then source values), NOT MATCHED clauses only the source, NOT MATCHED BY SOURCE only
 * the target, as in delta-spark.
 */
final class BoundMerge {
  /** One clause, bound. {@code values[i]} computes target column i; null keeps it (UPDATE) or makes it NULL (INSERT). */
  record Clause(MergeClause clause, Expression condition, Expression[] values) {
    Action action() {
      return clause.action();
    }
  }

  /** The target schema the MERGE writes: the table's, plus the source's new columns under schema evolution. */
  final StructType target;
  /** The table's schema as read (a prefix of {@link #target}). */
  final StructType tableSchema;
  final StructType source;
  final String targetAlias;
  final String sourceAlias;
  final Scope scope;
  final Expression on;
  /** Target and source column positions of the hashed equalities of ON. */
  final int[] targetKeys;
  final int[] sourceKeys;
  /** Whether ON has more than the hashed equalities (then it is evaluated for every proposed pair). */
  final boolean residual;
  final List<Clause> matched = new ArrayList<>();
  final List<Clause> notMatched = new ArrayList<>();
  final List<Clause> notMatchedBySource = new ArrayList<>();

  BoundMerge(StructType target, String targetAlias, StructType source, String sourceAlias, String onText,
      List<MergeClause> clauses, boolean schemaEvolution) {
    this.tableSchema = target;
    if (schemaEvolution && clauses.stream().anyMatch(c -> c.star() && c.action() != Action.DELETE)) {
      // delta-spark: UPDATE SET * / INSERT * add the source's columns the target lacks, at the end, nullable
      for (StructField f : source.fields()) {
        if (target.field(f.name()) == null) {
          target = target.add(new StructField(f.name(), f.type(), true));
        }
      }
    }
    this.target = target;
    this.source = source;
    this.targetAlias = targetAlias;
    this.sourceAlias = sourceAlias;
    if (targetAlias.equalsIgnoreCase(sourceAlias)) {
      throw new MergeException("MERGE: the target and the source both have the alias '" + targetAlias
          + "'; give them different aliases (as(\"t\") ... as(\"s\"))");
    }
    this.scope = Scope.of(targetAlias, target).and(sourceAlias, source);
    this.on = Expressions.parseCondition(onText, scope);
    if (!on.isDeterministic()) {
      throw new MergeException("MERGE: the ON condition '" + onText + "' uses current_date() or current_timestamp(); "
          + "write the moment as a literal");
    }
    List<int[]> pairs = new ArrayList<>();
    List<Predicate> conjuncts;
    try {
      Predicate shape = Predicates.parseUnbound(onText);
      conjuncts = shape instanceof Predicate.And a ? a.children() : List.of(shape);
    } catch (io.tidelake.format.predicate.PredicateException notAPredicateShape) {
      // valid as an expression (bound above) but not in the predicate shapes (e.g. BETWEEN over columns):
      // no hashable equality is known, so ON is evaluated for every pair
      conjuncts = null;
    }
    int hashed = 0;
    for (Predicate p : conjuncts == null ? List.<Predicate>of() : conjuncts) {
      if (p instanceof Predicate.ColumnComparison c && c.op() == CompareOp.EQ) {
        int[] l = resolve(c.left());
        int[] r = resolve(c.right());
        if (l != null && r != null && l[0] != r[0]) {
          int t = l[0] == 0 ? l[1] : r[1];
          int s = l[0] == 0 ? r[1] : l[1];
          if (JoinKeys.hashable(target.field(t).type(), source.field(s).type())) {
            pairs.add(new int[] {t, s});
            hashed++;
          }
        }
      }
    }
    this.residual = conjuncts == null || hashed != conjuncts.size();
    this.targetKeys = pairs.stream().mapToInt(p -> p[0]).toArray();
    this.sourceKeys = pairs.stream().mapToInt(p -> p[1]).toArray();
    Scope sourceOnly = Scope.of(sourceAlias, source);
    Scope targetOnly = Scope.of(targetAlias, target);
    for (MergeClause c : clauses) {
      switch (c.kind()) {
        case MATCHED -> matched.add(bind(c, scope, schemaEvolution));
        case NOT_MATCHED -> notMatched.add(bind(c, sourceOnly, schemaEvolution));
        case NOT_MATCHED_BY_SOURCE -> notMatchedBySource.add(bind(c, targetOnly, schemaEvolution));
        default -> throw new IllegalStateException();
      }
    }
    checkOrder(matched);
    checkOrder(notMatched);
    checkOrder(notMatchedBySource);
  }

  /** {alias index (0 target, 1 source), column index}, or null for a nested field or an unknown name. */
  private int[] resolve(Column c) {
    List<String> path = c.path();
    if (path.size() == 2) {
      if (path.get(0).equalsIgnoreCase(targetAlias)) {
        int i = target.indexOf(path.get(1));
        return i < 0 ? null : new int[] {0, i};
      }
      if (path.get(0).equalsIgnoreCase(sourceAlias)) {
        int i = source.indexOf(path.get(1));
        return i < 0 ? null : new int[] {1, i};
      }
      return null;
    }
    if (path.size() != 1) {
      return null;
    }
    int t = target.indexOf(path.get(0));
    int s = source.indexOf(path.get(0));
    if (t >= 0 && s < 0) {
      return new int[] {0, t};
    }
    return s >= 0 && t < 0 ? new int[] {1, s} : null;
  }

  private static void checkOrder(List<Clause> kind) {
    for (int i = 0; i < kind.size() - 1; i++) {
      if (kind.get(i).condition() == null) {
        MergeClause c = kind.get(i).clause();
        throw new MergeException("MERGE: the clause WHEN " + c.toSql() + " has no condition but is followed by another "
            + "WHEN " + c.kind().sql() + " clause, which could never run. Only the last clause of a kind may omit its "
            + "condition; add AND <condition> or move it last.");
      }
    }
  }

  private Clause bind(MergeClause c, Scope clauseScope, boolean schemaEvolution) {
    Expression cond = null;
    if (c.condition() != null) {
      cond = Expressions.parseCondition(c.condition(), clauseScope);
    }
    Expression[] values = new Expression[target.size()];
    if (c.action() == Action.DELETE) {
      return new Clause(c, cond, null);
    }
    if (c.star()) {
      List<String> missing = new ArrayList<>();
      for (int i = 0; i < target.size(); i++) {
        StructField f = target.field(i);
        if (source.field(f.name()) == null) {
          missing.add(f.name());
          continue;
        }
        values[i] = Expressions.assignTo(Expressions.parse(sourceAlias + "." + quote(f.name()), clauseScope), f);
      }
      if (!missing.isEmpty() && !schemaEvolution) {
        throw new MergeException("MERGE: " + (c.action() == Action.INSERT ? "INSERT *" : "UPDATE SET *") + " needs the "
            + "target column(s) " + missing + ", which the source does not have (source columns: " + source.fieldNames()
            + "). Name the columns explicitly, add them to the source, or use withSchemaEvolution() to "
            + (c.action() == Action.INSERT ? "insert NULL" : "keep the target's value") + ".");
      }
      return new Clause(c, cond, values);
    }
    for (Map.Entry<String, String> e : c.assignments().entrySet()) {
      int i = targetColumn(e.getKey(), c);
      if (values[i] != null) {
        throw new MergeException("MERGE: clause WHEN " + c.toSql() + " assigns column " + target.field(i).name() + " twice");
      }
      values[i] = Expressions.assignTo(Expressions.parse(e.getValue(), clauseScope), target.field(i));
    }
    return new Clause(c, cond, values);
  }

  private int targetColumn(String written, MergeClause c) {
    String name = written.trim();
    int dot = name.indexOf('.');
    if (dot > 0 && name.substring(0, dot).equalsIgnoreCase(targetAlias)) {
      name = name.substring(dot + 1);
    }
    if (name.length() > 1 && name.startsWith("`") && name.endsWith("`")) {
      name = name.substring(1, name.length() - 1).replace("``", "`");
    }
    int i = target.indexOf(name);
    if (i < 0) {
      throw new MergeException("MERGE: clause WHEN " + c.toSql() + " assigns unknown target column '" + written + "'"
          + DidYouMean.hint(name, target.fieldNames(), 3) + "; target columns: " + target.fieldNames());
    }
    return i;
  }

  static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** Whether schema evolution adds columns to the target. */
  boolean evolvesSchema() {
    return target.size() > tableSchema.size();
  }

  /** Whether the only MATCHED clause is an unconditional DELETE (then a row may match several source rows). */
  boolean multipleMatchesAllowed() {
    return matched.size() == 1 && matched.get(0).action() == Action.DELETE && matched.get(0).condition() == null;
  }

  /** Target column names read to decide a target row's fate: ON and the MATCHED / NOT MATCHED BY SOURCE conditions. */
  List<String> targetColumnsForMatching() {
    Set<String> out = new LinkedHashSet<>();
    collect(on, out);
    for (Clause c : matched) {
      collect(c.condition(), out);
    }
    for (Clause c : notMatchedBySource) {
      collect(c.condition(), out);
    }
    for (int k : targetKeys) {
      out.add(target.field(k).name());
    }
    out.removeIf(name -> tableSchema.field(name) == null); // columns schema evolution adds are NULL in every row read
    return new ArrayList<>(out);
  }

  /**
   * Table columns pass 2 needs from a changed row when it does not copy the file (deletion vectors): those
   * an UPDATE keeps (no value expression) or reads in a value expression; null (every column) when the
   * change data feed records the row's old image. Empty when the changed rows need not be read at all,
   * e.g. {@code UPDATE SET *} and {@code DELETE} without the change data feed.
   */
  List<String> targetColumnsForChanges(boolean changeDataFeed) {
    List<Clause> changing = new ArrayList<>(matched);
    changing.addAll(notMatchedBySource);
    if (changeDataFeed && !changing.isEmpty()) {
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    for (Clause c : changing) {
      if (c.values() == null) {
        continue; // DELETE
      }
      for (int i = 0; i < c.values().length; i++) {
        if (c.values()[i] == null) {
          out.add(target.field(i).name());
        } else {
          collect(c.values()[i], out);
        }
      }
    }
    out.removeIf(name -> tableSchema.field(name) == null);
    return new ArrayList<>(out);
  }

  private void collect(Expression e, Set<String> out) {
    if (e == null) {
      return;
    }
    for (String ref : e.referencedColumns()) {
      int dot = ref.indexOf('.');
      if (dot > 0 && ref.substring(0, dot).equalsIgnoreCase(targetAlias)) {
        StructField f = target.field(ref.substring(dot + 1));
        if (f != null) {
          out.add(f.name());
        }
      }
    }
  }
}
