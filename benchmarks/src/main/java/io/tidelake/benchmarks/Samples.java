package io.tidelake.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Timings of repeated runs, in nanoseconds. */
final class Samples {
  private final List<Long> nanos = new ArrayList<>();

  void add(long ns) {
    nanos.add(ns);
  }

  int size() {
    return nanos.size();
  }

  private long[] sorted() {
    long[] a = nanos.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(a);
    return a;
  }

  double medianNs() {
    long[] a = sorted();
    if (a.length == 0) {
      return Double.NaN;
    }
    int n = a.length;
    return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2.0;
  }

  double medianMs() {
    return medianNs() / 1e6;
  }

  /** Nearest-rank percentile (p in 0..100). */
  double percentileMs(double p) {
    long[] a = sorted();
    if (a.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * a.length);
    return a[Math.max(0, Math.min(a.length - 1, rank - 1))] / 1e6;
  }

  double minMs() {
    long[] a = sorted();
    return a.length == 0 ? Double.NaN : a[0] / 1e6;
  }

  double maxMs() {
    long[] a = sorted();
    return a.length == 0 ? Double.NaN : a[a.length - 1] / 1e6;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (long n : nanos) {
      sb.append(sb.length() > 1 ? ", " : "").append(String.format(java.util.Locale.ROOT, "%.1f", n / 1e6));
    }
    return sb.append("] ms").toString();
  }
}
