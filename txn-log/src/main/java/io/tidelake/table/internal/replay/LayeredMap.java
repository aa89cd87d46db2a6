package io.tidelake.table.internal.replay;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable insertion-ordered map made of a flat base map shared between snapshots, plus the few
 * changes made since: keys removed from the base and entries added after it (a re-added key moves to the
 * end, as in a {@link LinkedHashMap} where it was removed and put again).
 *
 * <p>Why: a table's next snapshot differs from the last by a commit's few actions, but copying a 20,000-
 * entry file map per refresh made refresh cost grow with the table (half of a 3 ms refresh). Here a
 * refresh copies only the changes since the base was last flattened; the base is flattened again once the
 * changes exceed 1/16 of it (at least 256), so reads stay near plain-map speed and the amortized cost of a
 * commit's refresh is independent of the table's size.
 */
final class LayeredMap<K, V> extends AbstractMap<K, V> {
  private static final int MIN_FLATTEN = 256;

  private final Map<K, V> base; // never mutated once shared
  private final Set<K> removed; // keys of base hidden (deleted, or re-added into added)
  private final LinkedHashMap<K, V> added; // keys not visible in base, in insertion order

  private LayeredMap(Map<K, V> base, Set<K> removed, LinkedHashMap<K, V> added) {
    this.base = base;
    this.removed = removed;
    this.added = added;
  }

  @Override
  public V get(Object key) {
    V v = added.get(key);
    if (v != null || (!removed.isEmpty() && removed.contains(key))) {
      return v;
    }
    return base.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return added.containsKey(key) || (base.containsKey(key) && !removed.contains(key));
  }

  @Override
  public int size() {
    return base.size() - removed.size() + added.size();
  }

  @Override
  public Set<Entry<K, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<K, V>> iterator() {
        return mapped(SimpleImmutableEntry::new); // the base's own entries are shared: no setValue
      }

      @Override
      public int size() {
        return LayeredMap.this.size();
      }
    };
  }

  /** Values in order without an entry copy each: the hot path (a snapshot's file list). */
  @Override
  public java.util.Collection<V> values() {
    return new java.util.AbstractCollection<>() {
      @Override
      public Iterator<V> iterator() {
        return mapped(Entry::getValue);
      }

      @Override
      public int size() {
        return LayeredMap.this.size();
      }
    };
  }

  private <T> Iterator<T> mapped(java.util.function.Function<Entry<K, V>, T> f) {
    Iterator<Entry<K, V>> raw = rawEntries();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return raw.hasNext();
      }

      @Override
      public T next() {
        return f.apply(raw.next());
      }
    };
  }

  private Iterator<Entry<K, V>> rawEntries() {
    Iterator<Entry<K, V>> first = base.entrySet().iterator();
    if (added.isEmpty() && removed.isEmpty()) {
      return first;
    }
    return new Iterator<>() {
      private final Iterator<Entry<K, V>> second = added.entrySet().iterator();
      private Entry<K, V> next = advance();

      private Entry<K, V> advance() {
        while (first.hasNext()) {
          Entry<K, V> e = first.next();
          if (removed.isEmpty() || !removed.contains(e.getKey())) {
            return e;
          }
        }
        return second.hasNext() ? second.next() : null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Entry<K, V> next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        Entry<K, V> e = next;
        next = advance();
        return e;
      }
    };
  }

  /** An empty builder. */
  static <K, V> Builder<K, V> builder() {
    return new Builder<>(Map.of());
  }

  /** A mutable successor of {@code start} (a {@link LayeredMap} or any map, taken as immutable). */
  static <K, V> Builder<K, V> builder(Map<K, V> start) {
    return new Builder<>(start);
  }

  /** The changes on top of a shared base; {@link #build()} hands them over (use the builder no more). */
  static final class Builder<K, V> {
    private final Map<K, V> base;
    private final Set<K> removed;
    private final LinkedHashMap<K, V> added;

    private Builder(Map<K, V> start) {
      if (start instanceof LayeredMap<K, V> l) {
        base = l.base;
        removed = new HashSet<>(l.removed);
        added = new LinkedHashMap<>(l.added);
      } else {
        base = start;
        removed = new HashSet<>();
        added = new LinkedHashMap<>();
      }
    }

    boolean isEmpty() {
      return size() == 0;
    }

    /** Puts {@code key} last in iteration order; returns the value it replaced, if any. */
    V put(K key, V value) {
      V old = added.put(key, value);
      if (old != null) {
        added.remove(key); // a re-add moves to the end
        added.put(key, value);
        return old;
      }
      if (!base.isEmpty() && base.containsKey(key) && removed.add(key)) {
        return base.get(key);
      }
      return null;
    }

    V remove(K key) {
      V old = added.remove(key);
      if (old == null && !base.isEmpty() && base.containsKey(key) && removed.add(key)) {
        old = base.get(key);
      }
      return old;
    }

    LayeredMap<K, V> build() {
      if (base.isEmpty()) {
        return new LayeredMap<>(added, Set.of(), new LinkedHashMap<>()); // a full load: no copy
      }
      if (removed.size() + added.size() > Math.max(MIN_FLATTEN, base.size() / 16)) {
        LinkedHashMap<K, V> flat = new LinkedHashMap<>(Math.max(16, (int) ((size() + 1) / 0.75f)));
        for (Entry<K, V> e : new LayeredMap<>(base, removed, added).entrySet()) {
          flat.put(e.getKey(), e.getValue());
        }
        return new LayeredMap<>(flat, Set.of(), new LinkedHashMap<>());
      }
      return new LayeredMap<>(base, removed, added);
    }

    private int size() {
      return base.size() - removed.size() + added.size();
    }
  }
}
