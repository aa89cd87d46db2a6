package io.tidelake.table.internal.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * LayeredMap against a LinkedHashMap doing the same puts (a re-put moves the key to the end) and removes,
 * over many generations of builders, with flattening in between; earlier generations must not change.
 */
class LayeredMapTest {
  private static <K, V> void putLast(LinkedHashMap<K, V> m, K k, V v) {
    m.remove(k);
    m.put(k, v);
  }

  @Test
  void randomOperationsOverManyGenerationsMatchALinkedHashMapAndOldGenerationsStayIntact() {
    Random rnd = new Random(42);
    LinkedHashMap<Integer, String> reference = new LinkedHashMap<>();
    LayeredMap.Builder<Integer, String> b = LayeredMap.builder();
    for (int i = 0; i < 2_000; i++) { // a full load
      b.put(i, "v" + i);
      reference.put(i, "v" + i);
    }
    LayeredMap<Integer, String> current = b.build();
    List<LayeredMap<Integer, String>> generations = new ArrayList<>();
    List<Map<Integer, String>> snapshots = new ArrayList<>();
    for (int gen = 0; gen < 300; gen++) {
      b = LayeredMap.builder(current);
      int ops = 1 + rnd.nextInt(gen % 50 == 0 ? 400 : 8); // mostly small commits, sometimes a big one
      for (int o = 0; o < ops; o++) {
        int key = rnd.nextInt(2_600);
        if (rnd.nextInt(3) == 0) {
          assertThat(b.remove(key)).isEqualTo(reference.remove(key));
        } else {
          String v = "g" + gen + "-" + o;
          String expectedOld = reference.get(key);
          putLast(reference, key, v);
          assertThat(b.put(key, v)).isEqualTo(expectedOld);
        }
      }
      current = b.build();
      assertThat(current).isEqualTo(reference).hasSize(reference.size());
      assertThat(new ArrayList<>(current.keySet())).isEqualTo(new ArrayList<>(reference.keySet())); // order
      assertThat(new ArrayList<>(current.values())).isEqualTo(new ArrayList<>(reference.values()));
      for (int probe = 0; probe < 20; probe++) {
        int key = rnd.nextInt(2_700);
        assertThat(current.get(key)).isEqualTo(reference.get(key));
        assertThat(current.containsKey(key)).isEqualTo(reference.containsKey(key));
      }
      if (gen % 37 == 0) {
        generations.add(current);
        snapshots.add(new LinkedHashMap<>(reference));
      }
    }
    for (int i = 0; i < generations.size(); i++) {
      assertThat(new ArrayList<>(generations.get(i).entrySet()))
          .isEqualTo(new ArrayList<>(snapshots.get(i).entrySet()));
    }
  }

  @Test
  void entriesCannotBeChangedThroughTheMap() {
    LayeredMap.Builder<String, String> b = LayeredMap.builder();
    b.put("a", "1");
    LayeredMap<String, String> m = b.build();
    Map.Entry<String, String> e = m.entrySet().iterator().next();
    assertThatThrownBy(() -> e.setValue("2")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> m.put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(m).containsExactly(Map.entry("a", "1"));
  }
}
