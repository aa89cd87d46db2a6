package io.tidelake.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Child-JVM entry point measuring the heap of one operation: {@code MemoryProbe <op> <args...>}.
 *
 * <p>Method: a daemon thread samples {@link MemoryMXBean#getHeapMemoryUsage()} every millisecond, and a GC
 * notification listener records the heap used just before each collection (the true high-water mark between
 * samples) and just after it (what survived). Prints {@code MEMORY peak_mb=<max used> live_mb=<max after GC>
 * gcs=<n> ms=<op time>}; the baseline heap (before the operation) is subtracted from both.
 */
public final class MemoryProbe {
  private static final AtomicLong peak = new AtomicLong();
  private static final AtomicLong live = new AtomicLong();
  private static final AtomicLong gcs = new AtomicLong();

  private MemoryProbe() {}

  /** A daemon thread keeping the maximum heap in use in {@code peak}, sampled every {@code millis}; interrupt to stop. */
  static Thread startHeapSampler(AtomicLong peak, long millis) {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        peak.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(millis);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
    return sampler;
  }

  public static void main(String[] args) throws Exception {
    String op = args[0];
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    listenToGcs();
    System.gc();
    long base = mem.getHeapMemoryUsage().getUsed();
    peak.set(0);
    live.set(0);
    gcs.set(0);
    Thread sampler = startHeapSampler(peak, 1);
    long start = System.nanoTime();
    long check = switch (op) {
      case "append-tidelake" -> {
        long n = Long.parseLong(args[2]);
        yield AppendBenchmark.tidelake(Path.of(args[1]), n, 1, null);
      }
      case "append-parquet" -> {
        long n = Long.parseLong(args[2]);
        yield AppendBenchmark.parquet(Path.of(args[1]), n, 1, null);
      }
      case "snapshot-tidelake" -> TidelakeLoad.latest(args[1]);
      case "snapshot-kernel" -> KernelLoad.latest(KernelLoad.engine(), args[1]);
      default -> throw new IllegalArgumentException("unknown op " + op);
    };
    long ms = (System.nanoTime() - start) / 1_000_000;
    peak.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
    sampler.interrupt();
    double mb = 1024.0 * 1024.0;
    System.out.println("MEMORY peak_mb=" + Result.format(Math.max(0, peak.get() - base) / mb)
        + " live_mb=" + Result.format(Math.max(0, live.get() - base) / mb) + " gcs=" + gcs.get() + " ms=" + ms
        + " base_mb=" + Result.format(base / mb) + " check=" + check);
  }

  private static void listenToGcs() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (!(gc instanceof NotificationEmitter emitter)) {
        continue;
      }
      emitter.addNotificationListener((n, hb) -> {
        if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
          return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
        peak.accumulateAndGet(sum(info.getMemoryUsageBeforeGc()), Math::max);
        live.accumulateAndGet(sum(info.getMemoryUsageAfterGc()), Math::max);
        gcs.incrementAndGet();
      }, null, null);
    }
  }

  /** Heap pools only (G1 Eden/Survivor/Old Gen; not Metaspace or code cache). */
  private static long sum(Map<String, MemoryUsage> pools) {
    long total = 0;
    for (Map.Entry<String, MemoryUsage> e : pools.entrySet()) {
      String name = e.getKey();
      if (name.contains("Eden") || name.contains("Survivor") || name.contains("Old Gen") || name.contains("Tenured")) {
        total += e.getValue().getUsed();
      }
    }
    return total;
  }
}
