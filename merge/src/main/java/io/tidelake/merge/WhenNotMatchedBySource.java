package io.tidelake.merge;

import io.tidelake.merge.MergeClause.Action;
import io.tidelake.merge.MergeClause.Kind;
import java.util.Map;

/**
 * The action of a {@code WHEN NOT MATCHED BY SOURCE [AND condition]} clause: target rows no source row
 * pairs with (conditions and values read target columns only).
 */
public final class WhenNotMatchedBySource {
  private final Merge merge;
  private final String condition;

  WhenNotMatchedBySource(Merge merge, String condition) {
    this.merge = merge;
    this.condition = condition;
  }

  public Merge update(Map<String, String> set) {
    return merge.clause(new MergeClause(Kind.NOT_MATCHED_BY_SOURCE, condition, Action.UPDATE, set));
  }

  public Merge delete() {
    return merge.clause(new MergeClause(Kind.NOT_MATCHED_BY_SOURCE, condition, Action.DELETE, null));
  }
}
