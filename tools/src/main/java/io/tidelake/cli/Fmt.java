package io.tidelake.cli;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** Number, size and time formatting shared by the commands (Locale.ROOT: output must not vary by host). */
final class Fmt {
  private Fmt() {}

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** "1 file", "3 files" (counts with thousands separators). */
  static String plural(long n, String noun) {
    return count(n) + " " + noun + (n == 1 ? "" : "s");
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KB", "MB", "GB", "TB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** Like {@link #bytes(long)} for totals that may not fit a long (sums of sizes from a corrupt log). */
  static String bytes(java.math.BigInteger n) {
    if (n.signum() >= 0 && n.bitLength() < 64) {
      return bytes(n.longValueExact());
    }
    return String.format(Locale.ROOT, "%,d B", n);
  }

  static String time(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }

  /** {@code k=v k=v}, or "-" when empty. */
  static String pairs(Map<String, String> m) {
    if (m == null || m.isEmpty()) {
      return "-";
    }
    StringJoiner j = new StringJoiner(" ");
    m.forEach((k, v) -> j.add(k + "=" + v));
    return j.toString();
  }
}
