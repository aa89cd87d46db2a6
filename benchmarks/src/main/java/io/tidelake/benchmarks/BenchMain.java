package io.tidelake.benchmarks;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs the named benchmarks (all when none is named) and prints one {@code RESULT <benchmark> k=v ...} line
 * per figure on stdout; progress and raw samples go to stderr.
 *
 * <pre>{@code BenchMain [--quick] [--rows N] [--work DIR] [append|scan|memory|snapshot|commit|update|wap|merge|optimize|vacuum|stream|windowed ...]}</pre>
 *
 * <p>{@code --rows} overrides the row count of append, scan and memory (for profiling at other sizes).
 */
public final class BenchMain {
  /** Canonical order: memory reads the snapshot table before snapshot's refresh loads add commits to it. */
  static final List<String> ALL = List.of("append", "scan", "memory", "snapshot", "commit", "update", "wap",
      "merge", "optimize", "vacuum", "stream", "windowed");

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    boolean micro = false;
    Path work = null;
    long rows = -1;
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--micro" -> micro = true;
        case "--work" -> work = Path.of(args[++i]);
        case "--rows" -> rows = Long.parseLong(args[++i]);
        case "-h", "--help" -> {
          System.out.println("usage: benchmarks/run [--quick] [" + String.join("|", ALL) + " ...]");
          return;
        }
        default -> {
          if (!ALL.contains(args[i])) {
            System.err.println("unknown benchmark '" + args[i] + "'; choose from " + ALL);
            System.exit(2);
          }
          names.add(args[i]);
        }
      }
    }
    if (work == null) {
      work = Files.createTempDirectory("tidelake-bench");
    }
    Settings s = micro ? Settings.micro(work) : quick ? Settings.quick(work) : Settings.full(work);
    if (rows > 0) {
      s = s.withAppendRows(rows);
    }
    run(s, names.isEmpty() ? ALL : new ArrayList<>(names), System.out);
  }

  static void run(Settings s, List<String> names, PrintStream out) throws Exception {
    Files.createDirectories(s.work());
    var os = ManagementFactory.getOperatingSystemMXBean();
    double loadStart = os.getSystemLoadAverage();
    long t0 = System.nanoTime();
    System.err.printf("Tidelake benchmarks (%s mode) %s: %d cores, max heap %d MiB, Java %s, load average %.2f,"
            + " work dir %s%n", s.quick() ? "quick" : "full", Instant.now(), Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"), loadStart, s.work());
    try {
      for (String name : ALL) {
        if (!names.contains(name)) {
          continue;
        }
        long st = System.nanoTime();
        System.err.println("== " + name);
        switch (name) {
          case "append" -> AppendBenchmark.run(s, out);
          case "scan" -> ScanBenchmark.run(s, out);
          case "memory" -> MemoryBenchmark.run(s, out);
          case "snapshot" -> SnapshotBenchmark.run(s, out);
          case "commit" -> CommitBenchmark.run(s, out, commitTargets(s));
          case "update" -> UpdateBenchmark.run(s, out);
          case "wap" -> WapBenchmark.run(s, out);
          case "merge" -> MergeBenchmark.run(s, out);
          case "optimize" -> OptimizeBenchmark.run(s, out);
          case "vacuum" -> VacuumBenchmark.run(s, out);
          case "stream" -> StreamBenchmark.run(s, out);
          case "windowed" -> WindowedBenchmark.run(s, out);
          default -> throw new IllegalArgumentException(name);
        }
        System.err.printf("== %s done in %.1f s%n", name, (System.nanoTime() - st) / 1e9);
      }
    } finally {
      Harness.deleteTree(s.work());
    }
    new Result("env").put("mode", s.quick() ? "quick" : "full").put("cores", Runtime.getRuntime().availableProcessors())
        .put("load_start", loadStart).put("load_end", os.getSystemLoadAverage())
        .put("seconds", (System.nanoTime() - t0) / 1e9).print(out);
  }

  /** Stores the commit benchmark runs against, in order: local disk, then S3 (S3Proxy in this JVM). */
  static List<java.util.concurrent.Callable<StoreTarget>> commitTargets(Settings s) {
    List<java.util.concurrent.Callable<StoreTarget>> targets = new ArrayList<>();
    targets.add(() -> StoreTarget.local(s.work().resolve("commit-local")));
    if (s.commitOnS3()) {
      boolean s3Store = false;
      for (var p : java.util.ServiceLoader.load(io.tidelake.format.store.ObjectStoreProvider.class)) {
        s3Store |= p.supports("s3");
      }
      if (s3Store) {
        targets.add(S3ProxyTarget::start);
      } else {
        Harness.log("commit store=s3 skipped: no s3:// ObjectStoreProvider (io.tidelake.format.store.s3) on the classpath");
      }
    }
    return targets;
  }
}
