package io.tidelake.merge;

import io.tidelake.merge.MergeClause.Action;
import io.tidelake.merge.MergeClause.Kind;
import java.util.Map;

/** The action of a {@code WHEN NOT MATCHED [AND condition]} clause (conditions and values read source columns only). */
public final class WhenNotMatched {
  private final Merge merge;
  private final String condition;

  WhenNotMatched(Merge merge, String condition) {
    this.merge = merge;
    this.condition = condition;
  }

  /** {@code INSERT *}: every target column from the source column of the same name. */
  public Merge insertAll() {
    return merge.clause(new MergeClause(Kind.NOT_MATCHED, condition, Action.INSERT, null));
  }

  /** {@code INSERT (col, ...) VALUES (expr, ...)}; target columns not named are NULL. */
  public Merge insert(Map<String, String> values) {
    return merge.clause(new MergeClause(Kind.NOT_MATCHED, condition, Action.INSERT, values));
  }
}
