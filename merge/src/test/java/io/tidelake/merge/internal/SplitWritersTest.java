package io.tidelake.merge.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Every produced item reaches exactly one writer; a failure on either side stops both and surfaces as raised. */
class SplitWritersTest {
  @Test
  void everyItemIsConsumedOnceAcrossTheWriters() {
    for (int writers : new int[] {1, 2, 3}) {
      List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
      Set<Thread> threads = ConcurrentHashMap.newKeySet();
      SplitWriters.<Integer>run(writers, emit -> {
        for (int i = 0; i < 10_000; i++) {
          emit.accept(i);
        }
      }, () -> i -> {
        threads.add(Thread.currentThread());
        seen.add(i);
      });
      assertThat(seen).hasSize(10_000).doesNotHaveDuplicates();
      if (writers == 1) {
        assertThat(threads).containsExactly(Thread.currentThread());
      } else {
        assertThat(threads).doesNotContain(Thread.currentThread()).hasSizeLessThanOrEqualTo(writers);
      }
    }
  }

  @Test
  void aWriterFailureStopsTheProducer() {
    AtomicLong produced = new AtomicLong();
    assertThatThrownBy(() -> SplitWriters.<Integer>run(2, emit -> {
      for (int i = 0; i < 10_000_000; i++) {
        produced.incrementAndGet();
        emit.accept(i);
      }
    }, () -> i -> {
      if (i == 5000) {
        throw new IllegalArgumentException("bad row 5000");
      }
    })).isInstanceOf(IllegalArgumentException.class).hasMessage("bad row 5000");
    assertThat(produced.get()).isLessThan(10_000_000);
  }

  @Test
  void aProducerFailureSurfacesAndStopsTheWriters() {
    assertThatThrownBy(() -> SplitWriters.<Integer>run(2, emit -> {
      emit.accept(1);
      throw new IllegalStateException("file changed");
    }, () -> i -> { })).isInstanceOf(IllegalStateException.class).hasMessage("file changed");
  }
}
