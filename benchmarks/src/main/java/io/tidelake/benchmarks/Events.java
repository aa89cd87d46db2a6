package io.tidelake.benchmarks;

import io.tidelake.format.GenericRow;
import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The benchmark data set: (id long, user_id long, event_type string of 5 values, amount double, ts
 * timestamp, country string of 50 values, date date of 10 values, the partition column).
 *
 * <p>Rows are a pure function of the id, so every side of a comparison (and every thread) sees the same
 * values without holding them in memory. Events arrive in time order: {@code ts} spans 10 days evenly over
 * the ids and {@code date} is the UTC date of {@code ts}, so the rows of each date are contiguous (the
 * usual shape of an ingest batch). The other columns are pseudo-random (splitmix64 of the id).
 */
public final class Events {
  public static final StructType SCHEMA = SchemaDdl.parse(
      "id long not null, user_id long, event_type string, amount double, ts timestamp, country string, date date");
  public static final String PARTITION_COLUMN = "date";
  public static final int DATES = 10;
  public static final LocalDate FIRST_DATE = LocalDate.of(2025, 1, 1);

  static final String[] EVENT_TYPES = {"view", "click", "add_to_cart", "purchase", "refund"};
  static final String[] COUNTRIES = new String[50];
  static final LocalDate[] DATE_VALUES = new LocalDate[DATES];
  private static final long FIRST_MICROS = FIRST_DATE.toEpochDay() * 86_400_000_000L;
  private static final long SPAN_MICROS = DATES * 86_400_000_000L;

  static {
    for (int i = 0; i < COUNTRIES.length; i++) {
      COUNTRIES[i] = "C" + (char) ('A' + i / 26) + (char) ('A' + i % 26);
    }
    for (int i = 0; i < DATES; i++) {
      DATE_VALUES[i] = FIRST_DATE.plusDays(i);
    }
  }

  private Events() {}

  static long mix(long z) {
    z = (z + 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Microseconds since the epoch of row {@code id} in a data set of {@code total} rows. */
  static long tsMicros(long id, long total) {
    return FIRST_MICROS + (long) ((double) id * SPAN_MICROS / total);
  }

  /** The date index (0..9) of row {@code id}. */
  static int dateIndex(long id, long total) {
    return (int) ((tsMicros(id, total) - FIRST_MICROS) / 86_400_000_000L);
  }

  /** The first id whose date index is {@code d} (ids of one date are contiguous). */
  static long firstIdOfDate(int d, long total) {
    long lo = 0;
    long hi = total;
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (dateIndex(mid, total) < d) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Row {@code id} as a table row (values already of the schema's Java types, as a typed source would give). */
  static Row row(long id, long total) {
    long h = mix(id);
    long micros = tsMicros(id, total);
    Object[] v = new Object[7];
    v[0] = id;
    v[1] = (h >>> 8) % 1_000_000L;
    v[2] = EVENT_TYPES[(int) ((h & 0xFF) % EVENT_TYPES.length)];
    v[3] = ((h >>> 40) % 100_000L) / 100.0;
    v[4] = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    v[5] = COUNTRIES[(int) ((h >>> 20) % COUNTRIES.length)];
    v[6] = DATE_VALUES[(int) ((micros - FIRST_MICROS) / 86_400_000_000L)];
    return GenericRow.trusted(SCHEMA, v);
  }

  /** Rows {@code [from, to)} of a data set of {@code total} rows, generated lazily. */
  static Iterator<Row> rows(long from, long to, long total) {
    return new Iterator<>() {
      long next = from;

      @Override
      public boolean hasNext() {
        return next < to;
      }

      @Override
      public Row next() {
        if (next >= to) {
          throw new NoSuchElementException();
        }
        return row(next++, total);
      }
    };
  }
}
