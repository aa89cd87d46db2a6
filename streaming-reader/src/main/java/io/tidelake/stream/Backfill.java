package io.tidelake.stream;

import io.tidelake.format.Row;
import io.tidelake.format.predicate.Predicate;
import io.tidelake.format.predicate.Predicates;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import io.tidelake.table.CommitResult;
import io.tidelake.table.Snapshot;
import io.tidelake.table.Table;
import io.tidelake.table.TableAlreadyExistsException;
import io.tidelake.table.actions.AddFile;
import io.tidelake.format.CloseableIterator;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Recomputes a target table partition by partition from a source table: one slice per value of the
 * partition column in a range, at most {@code parallelism} slices at a time. Each slice reads the
 * source rows of its value (from one source snapshot pinned for the whole run), applies the filter and
 * select list, and replaces exactly its partition of the target ({@code replaceWhere col = value}) in one
 * commit carrying {@code txn(tide-backfill-<ledger id>-<value>, source version)}, so a slice that runs
 * twice leaves the same table. A ledger directory records each slice's outcome: a re-run redoes only the
 * slices that failed or never finished. A failing slice is retried with exponential backoff.
 *
 * <pre>{@code
 * BackfillReport r = Backfill.from("/data/events").to("/data/daily")
 *     .partitionColumn("date").range("2024-01-01", "2024-01-31")
 *     .filter("amount > 0").select("date, id, amount * 100 AS cents")
 *     .ledger("/data/daily_backfill").parallelism(4)
 *     .run();
 * }</pre>
 */
public final class Backfill {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Backfill.class);
  private final StoreLocation source;
  private StoreLocation target;
  private StoreLocation ledger;
  private String column;
  private String from;
  private String to;
  private List<String> values;
  private final List<Transform> transforms = new ArrayList<>();
  private final List<String> transformText = new ArrayList<>();
  private int parallelism = 1;
  private int maxAttempts = 3;
  private Duration backoff = Duration.ofMillis(200);
  private Consumer<BackfillSlice> progress = s -> {};
  private WindowSpec window;
  /** Test hook: called with the value before each attempt of a slice, may throw to inject a failure. */
  Consumer<String> faults = v -> {};

  private Backfill(StoreLocation source) {
    this.source = source;
  }

  public static Backfill from(String location) {
    return from(location, Map.of());
  }

  public static Backfill from(String location, Map<String, String> storeOptions) {
    return new Backfill(StoreLocation.of(location, storeOptions));
  }

  public static Backfill from(ObjectStore store, String location) {
    return new Backfill(StoreLocation.of(store, location));
  }

  /** The target table; created partitioned by the partition column when missing. */
  public Backfill to(String location) {
    return to(location, Map.of());
  }

  public Backfill to(String location, Map<String, String> storeOptions) {
    this.target = StoreLocation.of(location, storeOptions);
    return this;
  }

  public Backfill to(ObjectStore store, String location) {
    this.target = StoreLocation.of(store, location);
    return this;
  }

  /** The column slices are cut by: a partition column of the target, present in the output. */
  public Backfill partitionColumn(String name) {
    this.column = name;
    return this;
  }

  /**
   * The values, both ends included: every day for a date column, every integer for an integer column,
   * and for other types the distinct values the source has in the range.
   */
  public Backfill range(String fromValue, String toValue) {
    this.from = fromValue;
    this.to = toValue;
    this.values = null;
    return this;
  }

  /** Exactly these values (as written in partition paths). */
  public Backfill values(List<String> exact) {
    this.values = List.copyOf(exact);
    this.from = null;
    this.to = null;
    return this;
  }

  public Backfill filter(String condition) {
    transforms.add(Transform.filter(condition));
    transformText.add("filter " + condition);
    return this;
  }

  public Backfill select(String selectList) {
    transforms.add(Transform.select(selectList));
    transformText.add("select " + selectList);
    return this;
  }

  public Backfill withColumn(String name, String expression) {
    transforms.add(Transform.withColumn(name, expression));
    transformText.add("withColumn " + name + " = " + expression);
    return this;
  }

  /**
   * Aggregates each slice over event-time windows (after the filter and select list). A slice is one
   * bounded batch: all its rows are aggregated and every window is written at the end of the slice, so no
   * row is late and the watermark has no effect (a late table is not used). The partition column must be
   * one of the group columns: each output row then comes from exactly one slice, and a window that crosses
   * a slice boundary (e.g. a 2-hour window over midnight with a date partition) gives one row per slice, as a
   * batch {@code GROUP BY window, date, ...} would. To get one row per window, pick windows the partition
   * bounds (a date partition and windows that divide a day).
   */
  public Backfill window(WindowSpec spec) {
    if (spec.lateTable != null) {
      throw new BackfillException("A backfill slice is one bounded batch: no row is late, so a late table is not "
          + "used. Remove lateTable(..) from the window");
    }
    this.window = spec;
    return this;
  }

  /** The ledger directory (local path, {@code s3://}, Hadoop URI). Required. */
  public Backfill ledger(String location) {
    return ledger(location, Map.of());
  }

  public Backfill ledger(String location, Map<String, String> storeOptions) {
    this.ledger = StoreLocation.of(location, storeOptions);
    return this;
  }

  public Backfill ledger(ObjectStore store, String location) {
    this.ledger = StoreLocation.of(store, location);
    return this;
  }

  /** How many slices run at the same time (default 1). */
  public Backfill parallelism(int n) {
    if (n < 1) {
      throw new BackfillException("parallelism must be at least 1, got " + n);
    }
    this.parallelism = n;
    return this;
  }

  /** Attempts per slice and run (default 3); the wait doubles after each failed attempt. */
  public Backfill retries(int attempts, Duration firstBackoff) {
    if (attempts < 1 || firstBackoff.isNegative()) {
      throw new BackfillException("retries needs attempts >= 1 and a backoff >= 0, got " + attempts + ", "
          + firstBackoff);
    }
    this.maxAttempts = attempts;
    this.backoff = firstBackoff;
    return this;
  }

  /** Called (from worker threads) as each slice finishes, successfully or not. */
  public Backfill onSlice(Consumer<BackfillSlice> listener) {
    this.progress = Objects.requireNonNull(listener);
    return this;
  }

  /**
   * Runs every slice the ledger does not have as succeeded. Returns once all have finished; slices that
   * still fail after their retries are in {@link BackfillReport#failed()} (the run does not throw for
   * them, so one bad day does not stop the others).
   */
  public BackfillReport run() {
    if (target == null || ledger == null || column == null || (values == null && from == null)) {
      throw new BackfillException("A backfill needs to(target), partitionColumn(name), range(from, to) or "
          + "values(..), and ledger(dir)");
    }
    long started = System.nanoTime();
    ObjectStore srcStore = source.open();
    ObjectStore dstStore = target.open();
    ObjectStore ledgerStore = ledger.open();
    try (Table src = Table.open(srcStore, source.root())) {
      Snapshot snap = src.snapshot();
      StructField col = snap.schema().field(column);
      if (col == null) {
        throw new BackfillException("The source " + source.root() + " has no column '" + column + "' (columns: "
            + String.join(", ", snap.schema().fieldNames()) + ")");
      }
      Function<Row, Row> fn = Function.identity();
      StructType out = snap.schema();
      for (Transform t : transforms) {
        Transform.Bound b = t.bind(out);
        Function<Row, Row> prev = fn;
        fn = r -> {
          Row x = prev.apply(r);
          return x == null ? null : b.fn().apply(x);
        };
        out = b.out();
      }
      if (window != null) {
        if (window.groupBy.stream().noneMatch(g -> g.equalsIgnoreCase(column))) {
          throw new BackfillException("A windowed backfill must group by its partition column '" + column + "' (each "
              + "slice replaces one value of it): add it to the group columns, e.g. groupBy(\"" + column + "\", ..)");
        }
      }
      StructType windowInput = out;
      if (window != null) {
        out = new WindowAggregator(window, out).outputSchema(); // checks the time column and aggregates now
      }
      StructField outCol = out.field(column);
      if (outCol == null) {
        throw new BackfillException("The backfill's output has no column '" + column + "' to cut slices by; keep "
            + "it in the select list");
      }
      List<String> slices = values != null ? values : enumerate(col.type(), snap);
      Map<String, String> job = new LinkedHashMap<>();
      job.put("source", source.root());
      job.put("target", target.root());
      job.put("partitionColumn", column);
      job.put("transformations", String.join("; ", transformText));
      if (window != null) {
        job.put("window", window.describe());
      }
      BackfillLedger book = BackfillLedger.open(ledgerStore, ledger.root(), job);
      Table dst = targetTable(dstStore, out);
      try {
        return runSlices(slices, book, snap, dst, fn, windowInput, col.type(), started);
      } finally {
        dst.close();
      }
    } finally {
      closeOwned(source, srcStore);
      closeOwned(target, dstStore);
      closeOwned(ledger, ledgerStore);
    }
  }

  private BackfillReport runSlices(List<String> slices, BackfillLedger book, Snapshot snap, Table dst,
      Function<Row, Row> fn, StructType windowInput, DataType type, long started) {
    List<String> ran = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    Map<String, Future<BackfillSlice>> pending = new LinkedHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
      Thread t = new Thread(r, "tide-backfill");
      t.setDaemon(true);
      return t;
    });
    try {
      for (String v : slices) {
        if (book.slice(v).map(BackfillSlice::succeeded).orElse(false)) {
          skipped.add(v);
          continue;
        }
        ran.add(v);
        pending.put(v, pool.submit(() -> runSlice(v, book, snap, dst, fn, windowInput, type)));
      }
      for (Future<BackfillSlice> f : pending.values()) {
        try {
          f.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StreamingException("Interrupted while waiting for backfill slices", e);
        } catch (java.util.concurrent.ExecutionException e) {
          throw new StreamingException("Backfill slice failed unexpectedly: " + e.getCause(), e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    List<BackfillSlice> all = new ArrayList<>();
    for (String v : slices) {
      all.add(book.slice(v).orElseThrow());
    }
    return new BackfillReport(snap.version(), all, ran, skipped, Duration.ofNanos(System.nanoTime() - started));
  }

  /** One slice; {@code windowInput} is the schema of the rows after the transformations (the window's input). */
  private BackfillSlice runSlice(String v, BackfillLedger book, Snapshot snap, Table dst, Function<Row, Row> fn,
      StructType windowInput, DataType type) throws InterruptedException {
    Object typed = typedValue(v, type);
    Predicate slice = typed == null ? Predicates.isNull(column) : Predicates.eq(column, typed);
    long wait = backoff.toMillis();
    String error = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        faults.accept(v);
        CountingIterator<Row> counted;
        CommitResult r;
        try (CloseableIterator<Row> in = snap.newScan().where(slice).rows()) {
          Iterator<Row> mapped = in.map(fn::apply).filter(Objects::nonNull);
          if (window != null) {
            mapped = aggregate(v, mapped, windowInput);
          }
          counted = new CountingIterator<>(mapped);
          r = dst.newOverwrite().replaceWhere(slice)
              .txn("tide-backfill-" + book.id() + "-" + v, snap.version())
              .addRows(counted).commit();
        }
        BackfillSlice done = new BackfillSlice(v, BackfillSlice.SUCCEEDED, attempt, counted.count(),
            r.committed() ? r.version() : -1, null);
        book.record(done);
        progress.accept(done);
        return done;
      } catch (RuntimeException e) {
        error = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (attempt < maxAttempts) {
          Thread.sleep(wait);
          wait *= 2;
        }
      }
    }
    BackfillSlice failed = new BackfillSlice(v, BackfillSlice.FAILED, maxAttempts, 0, -1, error);
    book.record(failed);
    progress.accept(failed);
    return failed;
  }

  /** The whole slice as one batch: every window at the end; rows without an event time are counted and logged. */
  private Iterator<Row> aggregate(String value, Iterator<Row> rows, StructType windowInput) {
    WindowAggregator agg = new WindowAggregator(window, windowInput);
    WindowAggregator.BatchOutput o = agg.process(rows, 0, 0, OutputMode.COMPLETE);
    if (!o.late().isEmpty()) {
      LOG.warn("Backfill slice {}: {} rows without a value in window time column '{}' belong to no window",
          value, o.late().size(), window.timeColumn);
    }
    return o.output().iterator();
  }

  private Table targetTable(ObjectStore store, StructType out) {
    if (!Table.exists(store, target.root())) {
      try {
        Table.create(store, target.root()).schema(out).partitionBy(List.of(out.field(column).name())).create()
            .close();
      } catch (TableAlreadyExistsException e) {
        // created concurrently: use it
      }
    }
    Table t = Table.open(store, target.root());
    if (!t.snapshot().metadata().partitionColumns().stream().anyMatch(c -> c.equalsIgnoreCase(column))) {
      t.close();
      throw new BackfillException("The target " + target.root() + " is not partitioned by '" + column + "' "
          + "(partition columns: " + t.snapshot().metadata().partitionColumns() + "); a backfill replaces whole "
          + "partitions. Backfill into a table partitioned by " + column + ".");
    }
    return t;
  }

  private List<String> enumerate(DataType type, Snapshot snap) {
    List<String> out = new ArrayList<>();
    if (type == PrimitiveType.DATE) {
      LocalDate a = parseDate(from);
      LocalDate b = parseDate(to);
      checkOrder(a.compareTo(b));
      for (LocalDate d = a; !d.isAfter(b); d = d.plusDays(1)) {
        out.add(d.toString());
      }
    } else if (type instanceof PrimitiveType p && p.isIntegral()) {
      long a = parseLong(from);
      long b = parseLong(to);
      checkOrder(Long.compare(a, b));
      if (b - a >= 1_000_000) {
        throw new BackfillException("The range " + from + " .. " + to + " has more than a million slices; "
            + "backfill a smaller range at a time");
      }
      for (long i = a; i <= b; i++) {
        out.add(Long.toString(i));
      }
    } else {
      checkOrder(from.compareTo(to));
      TreeSet<String> present = new TreeSet<>();
      for (AddFile f : snap.files()) {
        String v = partitionValue(f);
        if (v != null && v.compareTo(from) >= 0 && v.compareTo(to) <= 0) {
          present.add(v);
        }
      }
      out.addAll(present);
    }
    return out;
  }

  private String partitionValue(AddFile f) {
    for (Map.Entry<String, String> e : f.partitionValues().entrySet()) {
      if (e.getKey().equalsIgnoreCase(column)) {
        return e.getValue();
      }
    }
    throw new BackfillException("The source column '" + column + "' is not a partition column, and its type "
        + "is neither date nor integer: list the slices with values(..) instead of range(..)");
  }

  private void checkOrder(int cmp) {
    if (cmp > 0) {
      throw new BackfillException("The range starts after it ends: " + from + " > " + to);
    }
  }

  private LocalDate parseDate(String s) {
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      throw new BackfillException("'" + s + "' is not a date (yyyy-MM-dd) for date column " + column);
    }
  }

  private long parseLong(String s) {
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      throw new BackfillException("'" + s + "' is not an integer for column " + column);
    }
  }

  private Object typedValue(String v, DataType type) {
    if (v == null) {
      return null;
    }
    if (type == PrimitiveType.DATE) {
      return parseDate(v);
    }
    if (type == PrimitiveType.INTEGER || type == PrimitiveType.SHORT || type == PrimitiveType.BYTE) {
      return (int) parseLong(v);
    }
    if (type == PrimitiveType.LONG) {
      return parseLong(v);
    }
    return v;
  }

  private static void closeOwned(StoreLocation where, ObjectStore store) {
    if (where.ownsStore()) {
      store.close();
    }
  }
}
