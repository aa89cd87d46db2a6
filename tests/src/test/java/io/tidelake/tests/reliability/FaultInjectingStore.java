package io.tidelake.tests.reliability;

import io.tidelake.format.store.CommitOutcomeUnknownException;
import io.tidelake.format.store.FileInfo;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.store.SeekableObject;
import io.tidelake.format.store.StorageException;
import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Wraps a real store and injects faults into chosen operations on chosen paths: errors, latency,
 * truncated reads, lost responses, and crashes ({@link SimulatedCrash}, an Error that no cleanup code
 * catches, as if the process died at that point). Rules are matched in the order added; each has a
 * path pattern, a number of matching calls to let through first, a maximum number of injections and a
 * probability drawn from one seeded {@link Random}, so a single-threaded run is exactly reproducible.
 *
 * <p>Also records every mutation (create, put, putIfAbsent, delete) with its path, for tests that check
 * nothing was written outside a table.
 */
public final class FaultInjectingStore implements ObjectStore {

  public enum Op { READ_ALL, OPEN, OPEN_SEEKABLE, READ_RANGE, CREATE, WRITE, PUT_IF_ABSENT, PUT, LIST, STAT, DELETE }

  public enum Fault {
    /** A StorageException before the operation: nothing happens. */
    ERROR,
    /** Sleeps {@code latencyMs}, then performs the operation. */
    LATENCY,
    /** Reads return a prefix of the bytes (readAll, open) or a shorter object (openSeekable). */
    TRUNCATE,
    /** putIfAbsent: performs it, then reports CommitOutcomeUnknownException (the response was lost). */
    LOST_RESPONSE,
    /** putIfAbsent: reports CommitOutcomeUnknownException without performing it (timed out before arriving). */
    UNKNOWN_NOT_APPLIED,
    /**
     * putIfAbsent: reports the name taken without performing it, as S3 answers 409
     * ConditionalRequestConflict to one of two concurrent conditional writes of a key even when the other
     * one fails too.
     */
    REFUSED_NOT_APPLIED,
    /** The process dies before the operation. */
    CRASH_BEFORE,
    /** The process dies right after the operation took effect. */
    CRASH_AFTER,
    /** put/putIfAbsent on a store without atomic writes: the first half lands, then the process dies. */
    TORN_WRITE
  }

  /** A rule; build with {@link FaultInjectingStore#on}. */
  public final class Rule {
    final Op op;
    Pattern path = Pattern.compile(".*");
    int skip;
    int times = Integer.MAX_VALUE;
    double probability = 1.0;
    long latencyMs;
    Fault fault;
    final AtomicInteger seen = new AtomicInteger();
    final AtomicInteger injected = new AtomicInteger();

    Rule(Op op) {
      this.op = op;
    }

    /** Only paths matching this regular expression (whole path). */
    public Rule path(String regex) {
      this.path = Pattern.compile(regex);
      return this;
    }

    /** Lets the first {@code n} matching calls through. */
    public Rule after(int n) {
      this.skip = n;
      return this;
    }

    /** Injects at most {@code n} times. */
    public Rule times(int n) {
      this.times = n;
      return this;
    }

    public Rule probability(double p) {
      this.probability = p;
      return this;
    }

    public Rule latencyMs(long ms) {
      this.latencyMs = ms;
      return this;
    }

    public FaultInjectingStore inject(Fault f) {
      this.fault = f;
      rules.add(this);
      return FaultInjectingStore.this;
    }

    public int injected() {
      return injected.get();
    }
  }

  /** A recorded mutation. */
  public record Mutation(Op op, String path) {}

  private final ObjectStore inner;
  private final Random random;
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final List<Mutation> mutations = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> injectedCounts = new ConcurrentHashMap<>();

  public FaultInjectingStore(ObjectStore inner, long seed) {
    this.inner = inner;
    this.random = new Random(seed);
  }

  public Rule on(Op op) {
    return new Rule(op);
  }

  public void clearRules() {
    rules.clear();
  }

  public List<Mutation> mutations() {
    return List.copyOf(mutations);
  }

  /** Paths created by {@code create()} (data files), in order. */
  public List<String> created() {
    return mutations.stream().filter(m -> m.op() == Op.CREATE).map(Mutation::path).toList();
  }

  /** How many faults of each kind were injected, e.g. {@code PUT_IF_ABSENT/LOST_RESPONSE=1}. */
  public Map<String, Integer> injectedCounts() {
    Map<String, Integer> out = new java.util.TreeMap<>();
    injectedCounts.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** The fault to inject for this call, if any (sleeping for latency here). */
  private Fault decide(Op op, String path) {
    for (Rule r : rules) {
      if (r.op != op || !r.path.matcher(path).matches()) {
        continue;
      }
      if (r.seen.incrementAndGet() <= r.skip || r.injected.get() >= r.times) {
        continue;
      }
      boolean hit;
      synchronized (random) {
        hit = r.probability >= 1.0 || random.nextDouble() < r.probability;
      }
      if (!hit) {
        continue;
      }
      r.injected.incrementAndGet();
      injectedCounts.computeIfAbsent(op + "/" + r.fault, k -> new AtomicInteger()).incrementAndGet();
      if (r.fault == Fault.LATENCY) {
        sleep(r.latencyMs);
        continue; // latency composes with later rules
      }
      return r.fault;
    }
    return null;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static StorageException injectedError(Op op, String path) {
    return new StorageException("Injected fault: " + op + " of " + path + " failed");
  }

  /** Faults every operation understands; returns the fault for the caller to handle the others. */
  private Fault common(Op op, String path) {
    Fault f = decide(op, path);
    if (f == Fault.ERROR) {
      throw injectedError(op, path);
    }
    if (f == Fault.CRASH_BEFORE) {
      throw new SimulatedCrash(op + " of " + path);
    }
    return f;
  }

  @Override
  public String scheme() {
    return inner.scheme();
  }

  @Override
  public byte[] readAll(String path) {
    Fault f = common(Op.READ_ALL, path);
    byte[] b = inner.readAll(path);
    return f == Fault.TRUNCATE ? truncated(b) : b;
  }

  private byte[] truncated(byte[] b) {
    if (b.length < 2) {
      return new byte[0];
    }
    int cut;
    synchronized (random) {
      cut = 1 + random.nextInt(b.length - 1);
    }
    return Arrays.copyOf(b, cut);
  }

  @Override
  public InputStream open(String path) {
    Fault f = common(Op.OPEN, path);
    if (f == Fault.TRUNCATE) {
      return new ByteArrayInputStream(truncated(inner.readAll(path)));
    }
    return inner.open(path);
  }

  @Override
  public SeekableObject openSeekable(String path) {
    Fault f = common(Op.OPEN_SEEKABLE, path);
    SeekableObject obj = inner.openSeekable(path);
    long length = f == Fault.TRUNCATE ? obj.length() / 2 : obj.length();
    return new SeekableObject() {
      @Override
      public long length() {
        return length;
      }

      @Override
      public void readFully(long position, byte[] buffer, int offset, int len) {
        Fault rf = common(Op.READ_RANGE, path);
        if (rf == Fault.TRUNCATE || position + len > length) {
          throw new StorageException("Injected fault: short read of " + path + " (" + len + " bytes at " + position
              + ")");
        }
        obj.readFully(position, buffer, offset, len);
      }

      @Override
      public void close() {
        obj.close();
      }
    };
  }

  @Override
  public OutputStream create(String path) {
    Fault f = common(Op.CREATE, path);
    mutations.add(new Mutation(Op.CREATE, path));
    OutputStream out = inner.create(path);
    if (f == Fault.CRASH_AFTER) {
      throw new SimulatedCrash("after creating " + path);
    }
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        common(Op.WRITE, path); // a crash here leaves a partial upload or file behind
        out.write(b, off, len);
      }
    };
  }

  @Override
  public boolean putIfAbsent(String path, byte[] content) {
    Fault f = common(Op.PUT_IF_ABSENT, path);
    mutations.add(new Mutation(Op.PUT_IF_ABSENT, path));
    if (f == Fault.UNKNOWN_NOT_APPLIED) {
      throw new CommitOutcomeUnknownException("Injected fault: timed out before " + path + " reached the store", null);
    }
    if (f == Fault.REFUSED_NOT_APPLIED) {
      return false;
    }
    if (f == Fault.TORN_WRITE) {
      inner.put(path, Arrays.copyOf(content, content.length / 2));
      throw new SimulatedCrash("torn write of " + path);
    }
    boolean created = inner.putIfAbsent(path, content);
    if (f == Fault.LOST_RESPONSE) {
      throw new CommitOutcomeUnknownException("Injected fault: the response to the put of " + path + " was lost", null);
    }
    if (f == Fault.CRASH_AFTER) {
      throw new SimulatedCrash("after putting " + path);
    }
    return created;
  }

  @Override
  public void put(String path, byte[] content) {
    Fault f = common(Op.PUT, path);
    mutations.add(new Mutation(Op.PUT, path));
    if (f == Fault.TORN_WRITE) {
      inner.put(path, Arrays.copyOf(content, content.length / 2));
      throw new SimulatedCrash("torn write of " + path);
    }
    inner.put(path, content);
    if (f == Fault.CRASH_AFTER) {
      throw new SimulatedCrash("after putting " + path);
    }
  }

  @Override
  public List<FileInfo> list(String dir, String startAfterName) {
    common(Op.LIST, dir);
    return inner.list(dir, startAfterName);
  }

  @Override
  public List<FileInfo> listRecursive(String dir) {
    common(Op.LIST, dir);
    return new ArrayList<>(inner.listRecursive(dir));
  }

  @Override
  public Optional<FileInfo> stat(String path) {
    common(Op.STAT, path);
    return inner.stat(path);
  }

  @Override
  public boolean delete(String path) {
    common(Op.DELETE, path);
    mutations.add(new Mutation(Op.DELETE, path));
    return inner.delete(path);
  }

  @Override
  public String resolve(String dir, String relative) {
    return inner.resolve(dir, relative);
  }

  @Override
  public void close() {
    // the inner store belongs to the test's backend, which closes it
  }
}
