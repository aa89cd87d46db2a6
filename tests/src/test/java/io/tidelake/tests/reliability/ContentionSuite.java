package io.tidelake.tests.reliability;

import static io.tidelake.tests.s3.TestData.SCHEMA;
import static io.tidelake.tests.s3.TestData.rows;

import io.tidelake.table.CommitResult;
import io.tidelake.table.Table;
import io.tidelake.tests.s3.Backend;
import io.tidelake.tests.s3.BackendSuite;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Eight writer threads, each with its own table handle and store (as eight jobs would have), append
 * 100 times each to one table: exactly 800 new versions, contiguous, every row once. Checkpoints are
 * written along the way (every 10 versions) by whichever writer lands them.
 */
public abstract class ContentionSuite extends BackendSuite {
  static final int WRITERS = 8;
  static final int APPENDS = 100;
  static final int ROWS_PER_APPEND = 2;

  @Test
  void eightWritersTimesHundredAppends() throws Exception {
    String location = backend.newLocation();
    backend.create(location, SCHEMA).create(); // unpartitioned: one data file per append
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    long t0 = System.nanoTime();
    try {
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        results.add(pool.submit(() -> {
          Table table = backend.openIndependently(location);
          start.await();
          int lostRaces = 0;
          for (int i = 0; i < APPENDS; i++) {
            long firstId = ((long) writer * APPENDS + i) * ROWS_PER_APPEND;
            CommitResult r = table.newAppend().addRows(rows(firstId, ROWS_PER_APPEND)).commit();
            lostRaces += r.attempts() - 1;
          }
          return lostRaces;
        }));
      }
      start.countDown();
      int lostRaces = 0;
      for (Future<Integer> f : results) {
        lostRaces += f.get(10, TimeUnit.MINUTES);
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      AppendAudit.verify("Contention[" + backend.name() + "] " + WRITERS + " threads x " + APPENDS,
          backend.store(), location, WRITERS * APPENDS, (long) WRITERS * APPENDS * ROWS_PER_APPEND);
      System.out.println("  races lost and retried: " + lostRaces + ", wall time " + ms + " ms");
    } finally {
      pool.shutdownNow();
    }
  }
}
