package io.tidelake.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the per-column work of one row group on up to {@code threads} threads (the caller's included):
 * each column's expectations see only that column, in row order, so columns can be checked at the same
 * time without sharing any state and with results independent of the scheduling. Helper threads come
 * from a shared cached pool of daemon threads; each run uses at most {@code threads - 1} of them.
 */
final class ColumnTasks {
  private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "tidelake-audit");
    t.setDaemon(true);
    return t;
  });

  private ColumnTasks() {}

  /** Runs every task once and returns when all are done; rethrows the first failure. */
  static void run(List<Runnable> tasks, int threads) {
    int helpers = Math.min(threads, tasks.size()) - 1;
    if (helpers <= 0) {
      tasks.forEach(Runnable::run);
      return;
    }
    AtomicInteger next = new AtomicInteger();
    Runnable worker = () -> {
      for (int i = next.getAndIncrement(); i < tasks.size(); i = next.getAndIncrement()) {
        tasks.get(i).run();
      }
    };
    List<Future<?>> running = new ArrayList<>(helpers);
    for (int i = 0; i < helpers; i++) {
      running.add(POOL.submit(worker));
    }
    RuntimeException failure = null;
    try {
      worker.run();
    } catch (RuntimeException e) {
      failure = e;
      next.set(tasks.size()); // helpers stop after their current column
    }
    boolean interrupted = false;
    for (Future<?> f : running) {
      while (true) {
        try {
          f.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // the columns must finish before the file is closed: wait on
        } catch (ExecutionException e) {
          if (failure == null) {
            failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
          }
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw failure;
    }
  }
}
