package io.tidelake.merge;

import io.tidelake.merge.MergeClause.Action;
import io.tidelake.merge.MergeClause.Kind;
import java.util.Map;

/** The action of a {@code WHEN MATCHED [AND condition]} clause; each method adds the clause and returns the MERGE. */
public final class WhenMatched {
  private final Merge merge;
  private final String condition;

  WhenMatched(Merge merge, String condition) {
    this.merge = merge;
    this.condition = condition;
  }

  /** {@code UPDATE SET *}: every target column from the source column of the same name. */
  public Merge updateAll() {
    return merge.clause(new MergeClause(Kind.MATCHED, condition, Action.UPDATE, null));
  }

  /** {@code UPDATE SET col = expr, ...}: expressions over {@code t.} and {@code s.} columns. */
  public Merge update(Map<String, String> set) {
    return merge.clause(new MergeClause(Kind.MATCHED, condition, Action.UPDATE, set));
  }

  public Merge delete() {
    return merge.clause(new MergeClause(Kind.MATCHED, condition, Action.DELETE, null));
  }
}
