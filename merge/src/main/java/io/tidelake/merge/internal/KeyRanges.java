package io.tidelake.merge.internal;

import io.tidelake.format.predicate.Predicate;
import io.tidelake.format.predicate.Predicates;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.PrimitiveType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the source's join keys span, gathered row by row while the source is read (so a spilled source
 * prunes the target as well as one held in memory), as a predicate on the target that every target row
 * some source row can match satisfies: per hashed equality on columns of the same type,
 * {@code t.k IN (distinct values)} for a partition column with few values, else
 * {@code t.k BETWEEN min AND max}. TRUE when nothing is known; FALSE when no source row has a non-NULL
 * key (nothing can match).
 */
final class KeyRanges {
  private static final int MAX_DISTINCT = 1000;

  private final BoundMerge m;
  /** Per tracked equality: source column, target column name, min, max, distinct values (null once too many). */
  private final int[] sourceColumn;
  private final String[] name;
  private final Object[] min;
  private final Object[] max;
  private final List<Set<Object>> distinct = new ArrayList<>();
  private boolean keyed;

  KeyRanges(BoundMerge m, List<String> partitionColumns) {
    this.m = m;
    List<Integer> tracked = new ArrayList<>();
    for (int k = 0; k < m.targetKeys.length; k++) {
      DataType type = m.source.field(m.sourceKeys[k]).type();
      if (m.target.field(m.targetKeys[k]).type().equals(type) && rangeable(type)) {
        tracked.add(k);
      }
    }
    sourceColumn = new int[tracked.size()];
    name = new String[tracked.size()];
    min = new Object[tracked.size()];
    max = new Object[tracked.size()];
    for (int j = 0; j < tracked.size(); j++) {
      int k = tracked.get(j);
      sourceColumn[j] = m.sourceKeys[k];
      name[j] = m.target.field(m.targetKeys[k]).name();
      String column = name[j];
      boolean partition = partitionColumns.stream().anyMatch(p -> p.equalsIgnoreCase(column));
      distinct.add(partition ? new LinkedHashSet<>() : null);
    }
  }

  /** Takes one source row (values in source schema order) into account. */
  void add(Object[] row) {
    if (!keyed && !JoinKeys.hasNull(row, m.sourceKeys)) {
      keyed = true;
    }
    for (int j = 0; j < sourceColumn.length; j++) {
      Object v = row[sourceColumn[j]];
      if (v == null) {
        continue;
      }
      Set<Object> d = distinct.get(j);
      if (d != null && d.add(v) && d.size() > MAX_DISTINCT) {
        distinct.set(j, null);
      }
      // the order the BETWEEN below is evaluated in (strings by code point, not UTF-16 unit)
      if (min[j] == null || Predicates.compareValues(v, min[j]) < 0) {
        min[j] = v;
      }
      if (max[j] == null || Predicates.compareValues(v, max[j]) > 0) {
        max[j] = v;
      }
    }
  }

  Predicate predicate() {
    if (m.targetKeys.length > 0 && !keyed) {
      return Predicates.alwaysFalse();
    }
    List<Predicate> parts = new ArrayList<>();
    for (int j = 0; j < sourceColumn.length; j++) {
      if (min[j] == null) {
        continue;
      }
      Set<Object> d = distinct.get(j);
      parts.add(d != null ? Predicates.in(name[j], d) : Predicates.between(name[j], min[j], max[j]));
    }
    return parts.isEmpty() ? Predicates.alwaysTrue() : Predicates.and(parts);
  }

  private static boolean rangeable(DataType t) {
    if (t instanceof PrimitiveType p) {
      return p.isIntegral() || p == PrimitiveType.STRING || p == PrimitiveType.DATE || p == PrimitiveType.TIMESTAMP
          || p == PrimitiveType.TIMESTAMP_NTZ;
    }
    return t instanceof DecimalType;
  }
}
