package io.tidelake.merge.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs one task per item on at most {@code threads} daemon threads and returns the results in item
 * order; the first failure cancels the rest and is rethrown as it was raised. MERGE reads and rewrites its
 * touched files this way (each file is independent).
 */
final class BoundedPool {
  private BoundedPool() {}

  static int defaultThreads() {
    return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  static <T, R> List<R> map(List<T> items, int threads, Function<T, R> task) {
    List<R> out = new ArrayList<>(items.size());
    if (threads <= 1 || items.size() <= 1) {
      for (T item : items) {
        out.add(task.apply(item));
      }
      return out;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, items.size()), r -> {
      Thread t = new Thread(r, "tidelake-merge");
      t.setDaemon(true);
      return t;
    });
    List<Future<R>> futures = new ArrayList<>(items.size());
    try {
      for (T item : items) {
        futures.add(pool.submit(() -> task.apply(item)));
      }
      for (Future<R> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("MERGE was interrupted", e);
    } finally {
      for (Future<R> f : futures) {
        f.cancel(true);
      }
      pool.shutdownNow();
      try {
        pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES); // no task may still write when the delta aborts
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
