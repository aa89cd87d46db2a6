package io.tidelake.stream;

import io.tidelake.format.DidYouMean;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import io.tidelake.table.ChangeType;
import io.tidelake.table.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A Delta table read as a stream, with Delta's source options: without a starting option the stream
 * reads the table's current snapshot, then every later commit; {@code startingVersion} /
 * {@code startingTimestamp} read commits only, from that one on. Appends are read; commits that only
 * rearrange data ({@code dataChange=false}, compaction) are skipped; a commit that removes data stops the
 * stream ({@link SourceDataRemovedException}) unless {@link #ignoreDeletes()}, {@link #ignoreChanges()} or
 * {@link #skipChangeCommits()} says otherwise. A filter and a projection are pushed into the file reads.
 *
 * <pre>{@code
 * TableSource src = TableSource.of(table).maxFilesPerTrigger(50).where("amount > 0").select("id", "amount");
 * }</pre>
 *
 * <p>Starting options only apply to a fresh checkpoint; a restarted query continues where it stopped.
 */
public final class TableSource {
  /** Delta's option names, for {@link #option} and its did-you-mean. */
  static final List<String> OPTIONS = List.of("startingVersion", "startingTimestamp", "maxFilesPerTrigger",
      "maxBytesPerTrigger", "ignoreDeletes", "ignoreChanges", "skipChangeCommits", "readChangeFeed",
      "readChangeData", "excludeRegex");

  final Table table;
  Long startingVersion;
  boolean startingLatest;
  Instant startingTimestamp;
  int maxFilesPerTrigger = 1000;
  boolean maxFilesSet;
  long maxBytesPerTrigger = Long.MAX_VALUE;
  boolean ignoreDeletes;
  boolean ignoreChanges;
  boolean skipChangeCommits;
  boolean readChangeFeed;
  Pattern excludeRegex;
  String where;
  List<String> columns;

  private TableSource(Table table) {
    this.table = table;
  }

  /** A stream of {@code table} (the caller keeps ownership of the table and closes it). */
  public static TableSource of(Table table) {
    return new TableSource(table);
  }

  public Table table() {
    return table;
  }

  /** Sets an option by its Delta name (case-insensitive), e.g. {@code option("maxFilesPerTrigger", "50")}. */
  public TableSource option(String name, String value) {
    String key = name.toLowerCase(Locale.ROOT);
    try {
      switch (key) {
        case "startingversion" -> {
          if (value.trim().equalsIgnoreCase("latest")) {
            startingVersionLatest();
          } else {
            startingVersion(Long.parseLong(value.trim()));
          }
        }
        case "startingtimestamp" -> startingTimestamp(parseTimestamp(value));
        case "maxfilespertrigger" -> maxFilesPerTrigger(Integer.parseInt(value.trim()));
        case "maxbytespertrigger" -> maxBytesPerTrigger(parseBytes(value));
        case "ignoredeletes" -> ignoreDeletes = parseBoolean(name, value);
        case "ignorechanges" -> ignoreChanges = parseBoolean(name, value);
        case "skipchangecommits" -> skipChangeCommits = parseBoolean(name, value);
        case "readchangefeed", "readchangedata" -> readChangeFeed = parseBoolean(name, value);
        case "excluderegex" -> excludeRegex(value);
        default -> throw new StreamingException("Unknown streaming source option '" + name + "'"
            + DidYouMean.hint(name, OPTIONS, 4) + "; options: " + String.join(", ", OPTIONS));
      }
    } catch (NumberFormatException e) {
      throw new StreamingException("Option " + name + " needs a number, got '" + value + "'");
    }
    return this;
  }

  /** Reads commits from {@code version} on (inclusive), without the initial snapshot. */
  public TableSource startingVersion(long version) {
    if (version < 0) {
      throw new StreamingException("startingVersion must be >= 0 (or 'latest'), got " + version);
    }
    this.startingVersion = version;
    this.startingLatest = false;
    return this;
  }

  /** Reads only commits made after the query first starts ({@code startingVersion=latest}). */
  public TableSource startingVersionLatest() {
    this.startingVersion = null;
    this.startingLatest = true;
    return this;
  }

  /** Reads commits from the first one made at or after {@code time}, without the initial snapshot. */
  public TableSource startingTimestamp(Instant time) {
    this.startingTimestamp = time;
    return this;
  }

  /** At most this many new files per batch (default 1000); at least one file is always taken. */
  public TableSource maxFilesPerTrigger(int files) {
    if (files <= 0) {
      throw new StreamingException("maxFilesPerTrigger must be > 0, got " + files);
    }
    this.maxFilesPerTrigger = files;
    this.maxFilesSet = true;
    return this;
  }

  /** A soft cap on the bytes of new files per batch (a file is taken while the cap is not yet reached). */
  public TableSource maxBytesPerTrigger(long bytes) {
    if (bytes <= 0) {
      throw new StreamingException("maxBytesPerTrigger must be > 0, got " + bytes);
    }
    this.maxBytesPerTrigger = bytes;
    return this;
  }

  /** Tolerates commits that only delete files (their deletes are not propagated). */
  public TableSource ignoreDeletes() {
    this.ignoreDeletes = true;
    return this;
  }

  /** Tolerates commits that rewrite files: their new files are re-emitted (duplicates downstream). */
  public TableSource ignoreChanges() {
    this.ignoreChanges = true;
    return this;
  }

  /** Skips every commit that removes data, its new files included (Delta's recommended option). */
  public TableSource skipChangeCommits() {
    this.skipChangeCommits = true;
    return this;
  }

  /**
   * Streams the change data feed instead: each row with {@code _change_type}, {@code _commit_version} and
   * {@code _commit_timestamp}; the initial snapshot's rows are inserts. Commits are taken whole.
   */
  public TableSource readChangeFeed() {
    this.readChangeFeed = true;
    return this;
  }

  /** Skips files whose path matches this regular expression. */
  public TableSource excludeRegex(String regex) {
    try {
      this.excludeRegex = regex == null || regex.isEmpty() ? null : Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new StreamingException("excludeRegex is not a valid regular expression: " + e.getDescription()
          + " in '" + regex + "'");
    }
    return this;
  }

  /**
   * Only rows matching this condition (expression language, e.g. {@code amount > 0 AND country = 'DE'});
   * files are skipped by partition values and statistics.
   */
  public TableSource where(String condition) {
    this.where = condition == null || condition.isBlank() ? null : condition;
    return this;
  }

  /** Only these columns, in this order (with {@link #readChangeFeed()} the change columns may be named). */
  public TableSource select(String... cols) {
    return select(List.of(cols));
  }

  public TableSource select(List<String> cols) {
    this.columns = cols == null || cols.isEmpty() ? null : List.copyOf(cols);
    return this;
  }

  /** The schema of the rows this source emits (the table's current schema, projected). */
  public StructType schema() {
    return outputSchema(table.snapshot().schema());
  }

  StructType fullSchema(StructType tableSchema) {
    if (!readChangeFeed) {
      return tableSchema;
    }
    return tableSchema.add(new StructField(ChangeType.CHANGE_TYPE_COLUMN, PrimitiveType.STRING, true))
        .add(new StructField("_commit_version", PrimitiveType.LONG, true))
        .add(new StructField("_commit_timestamp", PrimitiveType.TIMESTAMP, true));
  }

  StructType outputSchema(StructType tableSchema) {
    StructType full = fullSchema(tableSchema);
    return columns == null ? full : full.select(columns);
  }

  void validate() {
    if (startingTimestamp != null && (startingVersion != null || startingLatest)) {
      throw new StreamingException("startingVersion and startingTimestamp cannot both be set; choose one");
    }
  }

  /** Options as Delta names them, for the offsets log and status output. */
  Map<String, String> describe() {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put("maxFilesPerTrigger", String.valueOf(maxFilesPerTrigger));
    if (maxBytesPerTrigger != Long.MAX_VALUE) {
      m.put("maxBytesPerTrigger", String.valueOf(maxBytesPerTrigger));
    }
    if (readChangeFeed) {
      m.put("readChangeFeed", "true");
    }
    return m;
  }

  /** {@code 10g}, {@code 512m}, {@code 1024} (bytes); k/m/g/t are powers of 1024 as in Spark. */
  public static long parseBytes(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.endsWith("b")) {
      t = t.substring(0, t.length() - 1);
    }
    long unit = 1;
    if (!t.isEmpty()) {
      char c = t.charAt(t.length() - 1);
      int shift = switch (c) {
        case 'k' -> 10;
        case 'm' -> 20;
        case 'g' -> 30;
        case 't' -> 40;
        default -> 0;
      };
      if (shift > 0) {
        unit = 1L << shift;
        t = t.substring(0, t.length() - 1);
      }
    }
    try {
      long n = Long.parseLong(t.trim());
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return Math.multiplyExact(n, unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new StreamingException("Not a size: '" + text + "'; write a positive number of bytes, optionally "
          + "with k, m, g or t (e.g. 10g)");
    }
  }

  /** An ISO instant ({@code 2025-01-01T10:00:00Z}) or a date ({@code 2025-01-01}, midnight UTC). */
  public static Instant parseTimestamp(String text) {
    String t = text.trim();
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
      return Instant.parse(t.replace(' ', 'T').endsWith("Z") || t.contains("+") ? t.replace(' ', 'T')
          : t.replace(' ', 'T') + "Z");
    } catch (DateTimeParseException e) {
      throw new StreamingException("Not a timestamp: '" + text + "'; write 2025-01-01 or 2025-01-01T10:00:00Z");
    }
  }

  private static boolean parseBoolean(String name, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      throw new StreamingException("Option " + name + " is true or false, got '" + value + "'");
    }
    return v.equals("true");
  }
}
