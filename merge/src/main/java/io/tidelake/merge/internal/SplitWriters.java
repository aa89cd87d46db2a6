package io.tidelake.merge.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One producer, several consumers: the calling thread produces items (decodes a file's rows) and
 * {@code writers} threads consume them in batches through a small bounded queue (each encodes into its
 * own output file). Copy-on-write MERGE rewrites a file this way when fewer files are touched than
 * there are threads, since encoding Parquet costs about twice what decoding does: one touched file then
 * still uses every core. With one writer the consumer runs on the calling thread, with no queue. The
 * first failure on either side stops both and is rethrown as it was raised.
 */
final class SplitWriters {
  private static final int BATCH = 1024;
  private static final List<Object> END = new ArrayList<>();

  private SplitWriters() {}

  static <T> void run(int writers, Consumer<Consumer<T>> produce, Supplier<Consumer<T>> consumerPerWriter) {
    if (writers <= 1) {
      produce.accept(consumerPerWriter.get());
      return;
    }
    BlockingQueue<List<Object>> queue = new ArrayBlockingQueue<>(2 * writers);
    ExecutorService pool = Executors.newFixedThreadPool(writers, r -> {
      Thread t = new Thread(r, "tidelake-merge-writer");
      t.setDaemon(true);
      return t;
    });
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int w = 0; w < writers; w++) {
        futures.add(pool.submit(() -> {
          Consumer<T> consumer = consumerPerWriter.get();
          while (true) {
            List<Object> batch = queue.take();
            if (batch == END) {
              return null;
            }
            for (Object item : batch) {
              @SuppressWarnings("unchecked")
              T t = (T) item;
              consumer.accept(t);
            }
          }
        }));
      }
      List<List<Object>> batch = new ArrayList<>(List.of(new ArrayList<>(BATCH)));
      produce.accept(item -> {
        batch.get(0).add(item);
        if (batch.get(0).size() == BATCH) {
          put(queue, batch.get(0), futures);
          batch.set(0, new ArrayList<>(BATCH));
        }
      });
      put(queue, batch.get(0), futures);
      for (int w = 0; w < writers; w++) {
        put(queue, END, futures);
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("MERGE was interrupted", e);
    } finally {
      for (Future<?> f : futures) {
        f.cancel(true);
      }
      pool.shutdownNow();
      try {
        pool.awaitTermination(1, TimeUnit.MINUTES); // no writer may still write when the delta aborts
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Hands a batch over, giving up when a writer failed (it would never take it). */
  private static void put(BlockingQueue<List<Object>> queue, List<Object> batch, List<Future<?>> writers) {
    try {
      do {
        for (Future<?> f : writers) {
          if (f.isDone() && batch != END) { // before the end a writer only stops by failing
            f.get(); // throws the writer's failure
          }
        }
      } while (!queue.offer(batch, 50, TimeUnit.MILLISECONDS));
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("MERGE was interrupted", e);
    }
  }

  private static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof RuntimeException r) {
      return r;
    }
    if (cause instanceof Error err) {
      throw err;
    }
    return new IllegalStateException(cause);
  }
}
