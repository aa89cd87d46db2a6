package io.tidelake.compaction;

import io.tidelake.format.store.FileInfo;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.table.Snapshot;
import io.tidelake.table.Table;
import io.tidelake.table.WriteProgress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VACUUM (Delta's FULL mode): deletes the files under the table root that neither the current snapshot
 * nor a remove within the retention references, and that were last modified before the retention
 * cutoff — abandoned data files, replaced data files, deletion vector files and {@code _change_data}
 * files. It never touches {@code _delta_log}, other hidden paths (see {@link UnreferencedFiles#isHidden}),
 * symbolic links or anything reached through one, or files a {@link ProtectedFiles} provider protects.
 *
 * <pre>{@code
 * VacuumResult r = Vacuum.of(table).retain(Duration.ofDays(7)).dryRun().execute();
 * }</pre>
 *
 * <p>A retention shorter than the table's {@code delta.deletedFileRetentionDuration} (default 7 days) is
 * refused unless {@link #force()}: a shorter one can delete files a long-running writer is about to
 * commit, or that time travel within the table's retention reads. A real run writes Delta's
 * {@code VACUUM START} and {@code VACUUM END} commits, so history shows it; deletes run in parallel, in
 * batches ({@link ObjectStore#deleteAll}: DeleteObjects on S3).
 */
public final class Vacuum {
  private static final Logger LOG = LoggerFactory.getLogger(Vacuum.class);
  public static final String RETENTION_PROPERTY = "delta.deletedFileRetentionDuration";
  private static final int DELETE_BATCH = 1000;

  private final Table table;
  private Duration retain;
  private boolean force;
  private boolean dryRun;
  private int maxThreads = 4;
  private LongSupplier clock = System::currentTimeMillis;
  private final List<ProtectedFiles> protectedFiles = new ArrayList<>();
  private Consumer<WriteProgress> progress = p -> {};

  private Vacuum(Table table) {
    this.table = table;
    ServiceLoader.load(ProtectedFiles.class).forEach(protectedFiles::add);
  }

  public static Vacuum of(Table table) {
    return new Vacuum(table);
  }

  /** The retention (default: the table's {@code delta.deletedFileRetentionDuration}, else 7 days). */
  public Vacuum retain(Duration retention) {
    if (retention.isNegative()) {
      throw new MaintenanceArgumentException("Vacuum retention must not be negative, got " + retention + ".");
    }
    this.retain = retention;
    return this;
  }

  /** Allows a retention shorter than the table's (Delta's retentionDurationCheck disabled). */
  public Vacuum force() {
    this.force = true;
    return this;
  }

  /** Lists what would be deleted, with sizes; deletes and commits nothing. */
  public Vacuum dryRun() {
    this.dryRun = true;
    return this;
  }

  /** Parallel delete requests (default 4). */
  public Vacuum maxThreads(int threads) {
    if (threads < 1) {
      throw new MaintenanceArgumentException("Vacuum maxThreads must be at least 1, got " + threads + ".");
    }
    this.maxThreads = threads;
    return this;
  }

  /** Keeps the files {@code p} protects (in addition to providers found by ServiceLoader). */
  public Vacuum protect(ProtectedFiles p) {
    protectedFiles.add(p);
    return this;
  }

  /** The clock "now" is taken from (epoch ms): tests. */
  public Vacuum clock(LongSupplier now) {
    this.clock = now;
    return this;
  }

  /** Called as files are deleted (files and bytes so far). */
  public Vacuum onProgress(Consumer<WriteProgress> listener) {
    this.progress = listener;
    return this;
  }

  /** The table's file retention ({@code delta.deletedFileRetentionDuration}, default 7 days). */
  public static Duration tableRetention(Snapshot snap) {
    return Retention.ofProperty(snap.properties(), RETENTION_PROPERTY, Retention.DEFAULT_FILE_RETENTION);
  }

  public VacuumResult execute() {
    Snapshot snap = table.snapshot();
    Duration tableRetention = tableRetention(snap);
    Duration retention = retain != null ? retain : tableRetention;
    Retention.check(retention, tableRetention, force, "Vacuum retention", table.location(), RETENTION_PROPERTY,
        "files that writers still running or time travel within that period need could be deleted");
    long now = clock.getAsLong();
    long cutoff = now - retention.toMillis();
    List<FileInfo> doomed = candidates(snap, cutoff);
    long bytes = doomed.stream().mapToLong(FileInfo::size).sum();
    if (dryRun) {
      return new VacuumResult(true, doomed, bytes, 0, 0, retention.toMillis(), tableRetention.toMillis(), List.of());
    }
    Map<String, String> startParams = new LinkedHashMap<>();
    startParams.put("retentionCheckEnabled", String.valueOf(!force));
    startParams.put("defaultRetentionMillis", String.valueOf(tableRetention.toMillis()));
    if (retain != null) {
      startParams.put("specifiedRetentionMillis", String.valueOf(retention.toMillis()));
    }
    Map<String, String> startMetrics = new LinkedHashMap<>();
    startMetrics.put("numFilesToDelete", String.valueOf(doomed.size()));
    startMetrics.put("sizeOfDataToDelete", String.valueOf(bytes));
    long start = table.newRewrite().commitIfEmpty().operation("VACUUM START", startParams, startMetrics)
        .commit().version();
    long deleted;
    long dirs;
    try {
      deleted = delete(doomed);
      dirs = removeEmptyDirectories(doomed);
    } catch (RuntimeException e) {
      end("FAILED", 0, 0);
      throw e;
    }
    long endVersion = end("COMPLETED", deleted, dirs);
    return new VacuumResult(false, doomed, bytes, deleted, dirs, retention.toMillis(), tableRetention.toMillis(),
        endVersion < 0 ? List.of(start) : List.of(start, endVersion));
  }

  /** The files to delete: unreferenced, not hidden, not protected, older than the cutoff, really under the root. */
  List<FileInfo> candidates(Snapshot snap, long cutoff) {
    ObjectStore store = table.store();
    String root = snap.location();
    String prefix = root.endsWith("/") ? root : root + "/";
    UnreferencedFiles refs = UnreferencedFiles.of(store, snap, cutoff);
    boolean local = store.scheme().equals("file");
    Path realRoot = local ? realPath(root) : null;
    java.util.Set<String> staged = UnreferencedFiles.stagedFiles(table, snap);
    List<FileInfo> out = new ArrayList<>();
    for (FileInfo f : store.listRecursive(root)) {
      if (!f.path().startsWith(prefix) || f.modificationTime() >= cutoff) {
        continue;
      }
      String rel = f.path().substring(prefix.length());
      if (rel.startsWith(UnreferencedFiles.LOG_DIR + "/") || UnreferencedFiles.isHidden(rel)
          || refs.isReferenced(f.path())) {
        continue;
      }
      if (local && !insideRoot(realRoot, f.path())) {
        continue; // a symbolic link, or a file reached through one: never delete outside the root
      }
      if (staged.contains(UnreferencedFiles.canonical(f.path()))
          || protectedFiles.stream().anyMatch(p -> p.isProtected(table, f.path()))) {
        continue;
      }
      out.add(f);
    }
    return out;
  }

  private static Path realPath(String root) {
    try {
      return Path.of(root).toRealPath();
    } catch (java.io.IOException e) {
      return Path.of(root).toAbsolutePath().normalize();
    }
  }

  private static boolean insideRoot(Path realRoot, String path) {
    Path p = Path.of(path);
    if (Files.isSymbolicLink(p)) {
      return false;
    }
    try {
      return p.toRealPath(LinkOption.NOFOLLOW_LINKS).startsWith(realRoot) && p.toRealPath().startsWith(realRoot);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private long delete(List<FileInfo> doomed) {
    if (doomed.isEmpty()) {
      return 0;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(maxThreads, 1 + doomed.size() / DELETE_BATCH), r -> {
      Thread t = new Thread(r, "tidelake-vacuum");
      t.setDaemon(true);
      return t;
    });
    List<Future<Integer>> futures = new ArrayList<>();
    long[] done = new long[2];
    try {
      for (int from = 0; from < doomed.size(); from += DELETE_BATCH) {
        List<FileInfo> batch = doomed.subList(from, Math.min(doomed.size(), from + DELETE_BATCH));
        futures.add(pool.submit(() -> {
          int n = table.store().deleteAll(batch.stream().map(FileInfo::path).toList());
          synchronized (done) {
            done[0] += batch.size();
            done[1] += batch.stream().mapToLong(FileInfo::size).sum();
            progress.accept(new WriteProgress("VACUUM", 0, done[0], done[1]));
          }
          return n;
        }));
      }
      long deleted = 0;
      for (Future<Integer> f : futures) {
        deleted += f.get();
      }
      return deleted;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Vacuum was interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Removes directories left empty (local and Hadoop stores; object stores have none); returns how many went. */
  private long removeEmptyDirectories(List<FileInfo> deleted) {
    if (!table.store().scheme().equals("file")) {
      return 0;
    }
    Map<String, String> oneFilePerDir = new java.util.TreeMap<>();
    for (FileInfo f : deleted) {
      int i = f.path().lastIndexOf('/');
      if (i > 0) {
        oneFilePerDir.putIfAbsent(f.path().substring(0, i), f.path());
      }
    }
    long gone = 0;
    for (Map.Entry<String, String> e : oneFilePerDir.entrySet()) {
      table.store().deleteEmptyParents(e.getValue(), table.location()); // once per directory, not per file
      if (!Files.exists(Path.of(e.getKey()))) {
        gone++;
      }
    }
    return gone;
  }

  /** Writes VACUUM END; returns its version, or -1 if it could not be written (the deletes stand). */
  private long end(String status, long deleted, long dirs) {
    Map<String, String> params = Map.of("status", status);
    Map<String, String> metrics = new LinkedHashMap<>();
    metrics.put("numDeletedFiles", String.valueOf(deleted));
    metrics.put("numVacuumedDirectories", String.valueOf(dirs));
    try {
      return table.newRewrite().commitIfEmpty().operation("VACUUM END", params, metrics).commit().version();
    } catch (RuntimeException e) {
      LOG.warn("Vacuum of {} finished ({}), but its VACUUM END commit failed: {}", table.location(), status,
          e.toString());
      return -1;
    }
  }
}
