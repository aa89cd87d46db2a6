package io.tidelake.stream;

import java.time.Duration;

/** When a query runs its batches (Spark's triggers). */
public final class Trigger {
  enum Kind { AVAILABLE_NOW, ONCE, PROCESSING_TIME }

  private final Kind kind;
  private final Duration interval;

  private Trigger(Kind kind, Duration interval) {
    this.kind = kind;
    this.interval = interval;
  }

  /**
   * Everything available when the query starts, in batches that honour the rate limits, then stop. Commits
   * made after the start wait for the next run.
   */
  public static Trigger availableNow() {
    return new Trigger(Kind.AVAILABLE_NOW, Duration.ZERO);
  }

  /** One batch of everything available, rate limits ignored, then stop. */
  public static Trigger once() {
    return new Trigger(Kind.ONCE, Duration.ZERO);
  }

  /**
   * A batch every {@code interval} until {@code stop()}: a batch that overruns is followed at once, without
   * a catch-up burst; intervals without new data run no batch. {@code Duration.ZERO}: as fast as possible
   * (Spark's default trigger), the next batch at once after one with data, with an idle backoff (10 ms
   * doubling to 1 s) while nothing new arrives.
   */
  public static Trigger processingTime(Duration interval) {
    if (interval.isNegative()) {
      throw new StreamingException("A trigger interval must not be negative: " + interval);
    }
    return new Trigger(Kind.PROCESSING_TIME, interval);
  }

  /**
   * Parses {@code available-now}, {@code once}, {@code interval:30s} (units ms, s, m, h) or
   * {@code continuous} (micro-batches as fast as possible with idle backoff; not Spark's experimental
   * continuous processing).
   */
  public static Trigger parse(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.equals("available-now") || t.equals("availablenow")) {
      return availableNow();
    }
    if (t.equals("once")) {
      return once();
    }
    if (t.startsWith("interval:")) {
      return processingTime(parseDuration(t.substring("interval:".length())));
    }
    if (t.equals("continuous")) {
      return processingTime(Duration.ZERO); // micro-batches as fast as possible, idle backoff
    }
    throw new StreamingException("Unknown trigger '" + text + "'; use available-now, once, interval:30s or "
        + "continuous");
  }

  /** {@code 30s}, {@code 500ms}, {@code 5m}, {@code 1h}, {@code 10 minutes}. */
  public static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*([a-z]*)").matcher(t);
    if (!m.matches()) {
      throw new StreamingException("Not a duration: '" + text + "'; write e.g. 30s, 500ms, 5m or 1h");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms", "millis", "milliseconds" -> Duration.ofMillis(n);
      case "", "s", "sec", "second", "seconds" -> Duration.ofSeconds(n);
      case "m", "min", "minute", "minutes" -> Duration.ofMinutes(n);
      case "h", "hour", "hours" -> Duration.ofHours(n);
      case "d", "day", "days" -> Duration.ofDays(n);
      default -> throw new StreamingException("Unknown time unit '" + m.group(2) + "' in '" + text
          + "'; use ms, s, m, h or d");
    };
  }

  Kind kind() {
    return kind;
  }

  public Duration interval() {
    return interval;
  }

  @Override
  public String toString() {
    return switch (kind) {
      case AVAILABLE_NOW -> "available-now";
      case ONCE -> "once";
      case PROCESSING_TIME -> "interval:" + interval.toMillis() + "ms";
    };
  }
}
