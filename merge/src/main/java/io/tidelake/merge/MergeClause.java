package io.tidelake.merge;

import io.tidelake.merge.internal.ClauseText;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One WHEN clause of a MERGE: its kind, an optional condition, and its action. {@code assignments} maps
 * a target column to an expression text (UPDATE SET / INSERT VALUES); it is null for {@code UPDATE SET *},
 * {@code INSERT *} and DELETE. Build clauses with {@link Merge}'s builders or parse delta-spark's SQL with
 * {@link #parse}.
 */
public record MergeClause(Kind kind, String condition, Action action, Map<String, String> assignments) {

  /** Which rows a clause applies to. */
  public enum Kind {
    /** A target row the ON condition pairs with a source row. */
    MATCHED("MATCHED"),
    /** A source row no target row pairs with. */
    NOT_MATCHED("NOT MATCHED"),
    /** A target row no source row pairs with. */
    NOT_MATCHED_BY_SOURCE("NOT MATCHED BY SOURCE");

    private final String sql;

    Kind(String sql) {
      this.sql = sql;
    }

    public String sql() {
      return sql;
    }
  }

  /** What a clause does; delta-spark's {@code actionType} is the lower-case name. */
  public enum Action {
    UPDATE,
    DELETE,
    INSERT;

    public String actionType() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public MergeClause {
    if (condition != null && condition.isBlank()) {
      condition = null;
    }
    if (assignments != null) {
      assignments = Collections.unmodifiableMap(new LinkedHashMap<>(assignments));
    }
    boolean allowed = switch (kind) {
      case MATCHED, NOT_MATCHED_BY_SOURCE -> action != Action.INSERT;
      case NOT_MATCHED -> action == Action.INSERT;
    };
    if (!allowed) {
      throw new MergeException("WHEN " + kind.sql() + " cannot " + action + "; allowed: "
          + (kind == Kind.NOT_MATCHED ? "INSERT" : "UPDATE or DELETE"));
    }
    if (kind == Kind.NOT_MATCHED_BY_SOURCE && action == Action.UPDATE && assignments == null) {
      throw new MergeException("WHEN NOT MATCHED BY SOURCE THEN UPDATE needs explicit assignments (UPDATE SET a = ...): "
          + "there is no source row to take * from");
    }
  }

  /** Whether the action takes every column from the source ({@code UPDATE SET *} / {@code INSERT *}). */
  public boolean star() {
    return action != Action.DELETE && assignments == null;
  }

  /**
   * Parses one clause as delta-spark's SQL writes it, with or without the leading {@code WHEN}:
   * {@code MATCHED AND s.op = 'D' THEN DELETE}, {@code MATCHED THEN UPDATE SET a = s.a, b = current_timestamp()},
   * {@code NOT MATCHED THEN INSERT *}, {@code NOT MATCHED THEN INSERT (id, a) VALUES (s.id, s.a)},
   * {@code NOT MATCHED BY SOURCE AND t.date < '2024-01-01' THEN DELETE}.
   *
   * @throws MergeException naming what is wrong and the accepted forms
   */
  public static MergeClause parse(String text) {
    return ClauseText.parse(text);
  }

  /** The clause as SQL text that {@link #parse} reads back. */
  public String toSql() {
    StringBuilder sb = new StringBuilder(kind.sql());
    if (condition != null) {
      sb.append(" AND ").append(condition);
    }
    sb.append(" THEN ");
    if (action == Action.DELETE) {
      return sb.append("DELETE").toString();
    }
    if (action == Action.UPDATE) {
      sb.append("UPDATE SET ");
      if (assignments == null) {
        return sb.append('*').toString();
      }
      String sep = "";
      for (Map.Entry<String, String> e : assignments.entrySet()) {
        sb.append(sep).append(e.getKey()).append(" = ").append(e.getValue());
        sep = ", ";
      }
      return sb.toString();
    }
    if (assignments == null) {
      return sb.append("INSERT *").toString();
    }
    return sb.append("INSERT (").append(String.join(", ", assignments.keySet())).append(") VALUES (")
        .append(String.join(", ", assignments.values())).append(')').toString();
  }

  @Override
  public String toString() {
    return toSql();
  }
}
