package io.tidelake.table.actions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Defensive, unmodifiable copies for the action records. {@code Map.copyOf} cannot be used: Delta maps
 * legitimately hold null values (a null partition value is the normal encoding of SQL NULL) and their
 * insertion order is kept so that a rewritten log line looks like the original one.
 */
final class Copies {
  private Copies() {}

  /** Null stays null (absent optional field); empty maps share one instance to keep log replay lean. */
  static Map<String, String> mapOrNull(Map<String, String> map) {
    if (map == null) {
      return null;
    }
    return mapOrEmpty(map);
  }

  /** For required map fields: a missing map is read as an empty one, as delta-spark does. */
  static Map<String, String> mapOrEmpty(Map<String, String> map) {
    if (map == null || map.isEmpty()) {
      return Map.of();
    }
    for (String key : map.keySet()) {
      Objects.requireNonNull(key, "map key");
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  static List<String> listOrEmpty(List<String> list, String what) {
    if (list == null || list.isEmpty()) {
      return List.of();
    }
    List<String> copy = new ArrayList<>(list.size());
    for (String s : list) {
      copy.add(Objects.requireNonNull(s, what));
    }
    return Collections.unmodifiableList(copy);
  }

  /** Sorted so that protocol lines and checkpoints come out byte-identical for equal feature sets. */
  static Set<String> sortedSetOrNull(Collection<String> set, String what) {
    if (set == null) {
      return null;
    }
    TreeSet<String> copy = new TreeSet<>();
    for (String s : set) {
      copy.add(Objects.requireNonNull(s, what));
    }
    return Collections.unmodifiableSortedSet(copy);
  }
}
