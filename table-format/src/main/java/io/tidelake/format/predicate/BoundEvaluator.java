package io.tidelake.format.predicate;

import io.tidelake.format.Row;
import io.tidelake.format.predicate.internal.Logic;
import io.tidelake.format.predicate.internal.RowEvaluators;
import io.tidelake.format.types.StructType;

/**
 * A predicate compiled for rows of one schema: columns resolved to ordinals and literals converted
 * once, so {@link #test(Row)} is cheap enough to call per row. Immutable and thread-safe. Rows passed
 * in must have the schema given to {@link Predicate#evaluator(StructType)} (it is not re-checked per row).
 */
public final class BoundEvaluator {
  private final Predicate predicate;
  private final StructType schema;
  private final RowEvaluators.Node root;

  private BoundEvaluator(Predicate predicate, StructType schema, RowEvaluators.Node root) {
    this.predicate = predicate;
    this.schema = schema;
    this.root = root;
  }

  static BoundEvaluator compile(Predicate p, StructType rowSchema) {
    Predicate bound = p.bind(rowSchema);
    return new BoundEvaluator(bound, rowSchema, RowEvaluators.compile(bound, rowSchema));
  }

  /** Whether a WHERE clause keeps the row: only TRUE does, never UNKNOWN. */
  public boolean test(Row row) {
    return root.eval(row) == Logic.TRUE;
  }

  /** The full three-valued result. */
  public TriState evaluate(Row row) {
    return Logic.toTriState(root.eval(row));
  }

  /** The predicate bound to {@link #schema()}. */
  public Predicate predicate() {
    return predicate;
  }

  public StructType schema() {
    return schema;
  }

  @Override
  public String toString() {
    return "BoundEvaluator[" + predicate.toSql() + "]";
  }
}
