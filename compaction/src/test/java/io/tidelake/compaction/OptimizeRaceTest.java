package io.tidelake.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.table.ConflictException;
import io.tidelake.table.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OPTIMIZE racing four appenders and a deleter on separate threads, checked against a model: the set of
 * ids whose append committed minus those whose delete committed. No row may be lost or duplicated, and
 * appends must never fail because of the compaction.
 */
class OptimizeRaceTest {
  @TempDir Path dir;

  @Test
  void noRowLostOrDuplicatedAndAppendsNeverFail() throws Exception {
    Table t = OptimizeTest.create(dir, false);
    Set<Long> model = ConcurrentHashMap.newKeySet();
    // the appenders hold half way until OPTIMIZE has committed once, so its commits interleave with theirs
    // however fast the machine (on CI's, the appenders once finished before OPTIMIZE won a single race)
    java.util.concurrent.CountDownLatch optimizedOnce = new java.util.concurrent.CountDownLatch(1);
    ConcurrentLinkedQueue<Throwable> appendFailures = new ConcurrentLinkedQueue<>();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      long base = w * 1_000_000L;
      threads.add(new Thread(() -> {
        try (Table mine = Table.open(dir.toString())) {
          for (int i = 0; i < 8; i++) {
            if (i == 4 && !optimizedOnce.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
              throw new AssertionError("no OPTIMIZE committed within a minute");
            }
            OptimizeTest.append(mine, base + i * 5L, 5);
            for (long id = base + i * 5L; id < base + i * 5L + 5; id++) {
              model.add(id);
            }
          }
        } catch (Throwable e) {
          appendFailures.add(e);
        }
      }));
    }
    AtomicInteger deletes = new AtomicInteger();
    threads.add(new Thread(() -> {
      try (Table mine = Table.open(dir.toString())) {
        while (!stop.get()) {
          Long victim = model.stream().filter(id -> id % 3 == 0).findAny().orElse(null);
          if (victim == null) {
            Thread.onSpinWait();
            continue;
          }
          try {
            mine.newDelete().where("id = " + victim).commit();
            model.remove(victim);
            deletes.incrementAndGet();
          } catch (ConflictException e) {
            // lost to an OPTIMIZE that rewrote the file: the row is still there, the model keeps it
          }
        }
      }
    }));
    AtomicInteger optimizes = new AtomicInteger();
    AtomicInteger conflicts = new AtomicInteger();
    threads.add(new Thread(() -> {
      try (Table mine = Table.open(dir.toString())) {
        while (!stop.get()) {
          try {
            if (!Optimize.of(mine).maxThreads(2).execute().versions().isEmpty()) {
              optimizes.incrementAndGet();
              optimizedOnce.countDown();
            }
          } catch (OptimizeConflictException e) {
            conflicts.incrementAndGet();
          }
        }
      }
    }));
    for (Thread th : threads) {
      th.start();
    }
    for (int i = 0; i < 4; i++) {
      threads.get(i).join(60_000);
    }
    // the deleter needs rows with id % 3 == 0 and a free moment: give it one after the appenders are done
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (deletes.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    stop.set(true);
    threads.get(4).join(60_000);
    threads.get(5).join(60_000);

    assertThat(appendFailures).isEmpty();
    Map<Long, String> rows = OptimizeTest.rows(t); // fails on a duplicate id
    assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(model);
    assertThat(optimizes.get()).isPositive();
    assertThat(deletes.get()).isPositive();
    Optimize.of(t).execute();
    assertThat(OptimizeTest.rows(t).keySet()).containsExactlyInAnyOrderElementsOf(model);
  }
}
