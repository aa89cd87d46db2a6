package io.tidelake.benchmarks;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One {@code RESULT <benchmark> <key>=<value> ...} line: built, printed and parsed here only. */
public final class Result {
  private static final Pattern LINE = Pattern.compile("^RESULT ([a-z0-9_]+)((?: [a-z0-9_]+=[^ =]+)+)$");
  private static final Pattern PAIR = Pattern.compile(" ([a-z0-9_]+)=([^ =]+)");

  private final String benchmark;
  private final Map<String, String> values = new LinkedHashMap<>();

  public Result(String benchmark) {
    this.benchmark = benchmark;
  }

  public String benchmark() {
    return benchmark;
  }

  public Map<String, String> values() {
    return values;
  }

  public Result put(String key, String value) {
    if (value.isEmpty() || value.contains(" ") || value.contains("=")) {
      throw new IllegalArgumentException("bad value for " + key + ": '" + value + "'");
    }
    values.put(key, value);
    return this;
  }

  public Result put(String key, long value) {
    return put(key, Long.toString(value));
  }

  /** A rate or size: no decimals above 100, else three significant digits. */
  public Result put(String key, double value) {
    return put(key, format(value));
  }

  static String format(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "nan";
    }
    double a = Math.abs(v);
    if (a >= 100) {
      return Long.toString(Math.round(v));
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (a >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }

  /** A ratio: always two decimals. */
  public Result ratio(String key, double value) {
    return put(key, String.format(Locale.ROOT, "%.2f", value));
  }

  public String line() {
    StringBuilder sb = new StringBuilder("RESULT ").append(benchmark);
    values.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
    return sb.toString();
  }

  public void print(PrintStream out) {
    out.println(line());
    out.flush();
  }

  /** Parses a RESULT line; null if the line is not one. */
  public static Result parse(String line) {
    Matcher m = LINE.matcher(line.strip());
    if (!m.matches()) {
      return null;
    }
    Result r = new Result(m.group(1));
    Matcher p = PAIR.matcher(m.group(2));
    while (p.find()) {
      r.values.put(p.group(1), p.group(2));
    }
    return r;
  }
}
