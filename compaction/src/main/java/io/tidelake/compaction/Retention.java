package io.tidelake.compaction;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Retention periods: the CLI's {@code 168h}, {@code 7d}, {@code 30m}, {@code 0h}, and Delta's table
 * property form {@code interval 7 days} ({@code delta.deletedFileRetentionDuration},
 * {@code delta.logRetentionDuration}).
 */
public final class Retention {
  /** Delta's default {@code delta.deletedFileRetentionDuration}. */
  public static final Duration DEFAULT_FILE_RETENTION = Duration.ofDays(7);
  /** Delta's default {@code delta.logRetentionDuration}. */
  public static final Duration DEFAULT_LOG_RETENTION = Duration.ofDays(30);

  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)");
  private static final Pattern INTERVAL = Pattern.compile("(?:interval\\s+)?((?:\\d+\\s+[a-z]+\\s*)+)");

  private Retention() {}

  /**
   * Parses {@code 168h}, {@code 7d}, {@code 1w}, {@code 30m}, {@code 0h} or {@code interval 7 days}.
   *
   * @throws MaintenanceArgumentException for anything else, negative values included
   */
  public static Duration parse(String text) {
    String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(s);
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          case "d" -> Duration.ofDays(n);
          default -> Duration.ofDays(7 * n);
        };
      }
      m = INTERVAL.matcher(s);
      if (m.matches()) {
        String[] parts = m.group(1).trim().split("\\s+");
        Duration total = Duration.ZERO;
        for (int i = 0; i + 1 < parts.length; i += 2) {
          long n = Long.parseLong(parts[i]);
          String unit = parts[i + 1].endsWith("s") ? parts[i + 1].substring(0, parts[i + 1].length() - 1) : parts[i + 1];
          Duration d = switch (unit) {
            case "millisecond" -> Duration.ofMillis(n);
            case "second" -> Duration.ofSeconds(n);
            case "minute" -> Duration.ofMinutes(n);
            case "hour" -> Duration.ofHours(n);
            case "day" -> Duration.ofDays(n);
            case "week" -> Duration.ofDays(7 * n);
            default -> null;
          };
          if (d == null) {
            throw bad(text);
          }
          total = total.plus(d);
        }
        return total;
      }
    } catch (NumberFormatException | ArithmeticException e) {
      throw bad(text);
    }
    throw bad(text);
  }

  private static MaintenanceArgumentException bad(String text) {
    return new MaintenanceArgumentException("Invalid retention '" + text + "': expected a non-negative duration "
        + "such as 168h, 7d, 30m or 0h (or Delta's 'interval 7 days').");
  }

  /** A table property's retention, or the default when it is not set. */
  public static Duration ofProperty(Map<String, String> properties, String key, Duration dflt) {
    String v = properties.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      return parse(v);
    } catch (MaintenanceArgumentException e) {
      throw new MaintenanceArgumentException("Table property " + key + " has an invalid value '" + v
          + "': expected Delta's 'interval 7 days' form. Fix it with tide alter TABLE --set-property \"" + key + "=interval 7 days\".");
    }
  }

  /**
   * Refuses a retention shorter than the table's unless forced: Delta's retentionDurationCheck.
   *
   * @param what "Vacuum retention" or "Log retention"
   * @param loss what a shorter one would cost, for the message
   */
  static void check(Duration retention, Duration tableRetention, boolean force, String what, String location,
      String property, String loss) {
    if (retention.compareTo(tableRetention) < 0 && !force) {
      throw new MaintenanceArgumentException(what + " " + describe(retention) + " of " + location
          + " is shorter than the table's " + property + " (" + describe(tableRetention) + "): " + loss
          + ". Use a retention of at least " + describe(tableRetention) + ", or force it (--force)"
          + (what.startsWith("Vacuum") ? " if no writer is running and older versions are not needed" : "") + ".");
    }
  }

  /** "7 days", "168 hours" or "15 minutes": the largest unit that divides the duration. */
  static String describe(Duration d) {
    long ms = d.toMillis();
    if (ms % 86_400_000L == 0) {
      return ms / 86_400_000L + " days";
    }
    if (ms % 3_600_000L == 0) {
      return ms / 3_600_000L + " hours";
    }
    if (ms % 60_000L == 0) {
      return ms / 60_000L + " minutes";
    }
    return ms + " ms";
  }
}
