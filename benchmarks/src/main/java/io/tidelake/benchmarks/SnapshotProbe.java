package io.tidelake.benchmarks;

/**
 * Child-JVM entry point for cold loads: {@code SnapshotProbe <tidelake|kernel> <path> [version]}. Prints
 * {@code PROBE files=<n> ms=<time from main() to the counted file list>}; the parent also times the process.
 */
public final class SnapshotProbe {
  private SnapshotProbe() {}

  public static void main(String[] args) {
    long start = System.nanoTime();
    String engine = args[0];
    String path = args[1];
    Long version = args.length > 2 ? Long.parseLong(args[2]) : null;
    long files;
    if (engine.equals("tidelake")) {
      files = version == null ? TidelakeLoad.latest(path) : TidelakeLoad.atVersion(path, version);
    } else if (engine.equals("kernel")) {
      var e = KernelLoad.engine();
      files = version == null ? KernelLoad.latest(e, path) : KernelLoad.atVersion(e, path, version);
    } else {
      throw new IllegalArgumentException("engine: tidelake or kernel, not " + engine);
    }
    long ns = System.nanoTime() - start;
    System.out.println("PROBE files=" + files + " ms=" + Result.format(ns / 1e6));
  }
}
