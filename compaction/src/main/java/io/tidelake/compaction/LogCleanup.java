package io.tidelake.compaction;

import io.tidelake.table.ExpiredLogCleanup;
import io.tidelake.table.Snapshot;
import io.tidelake.table.Table;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * On-demand log cleanup ({@code tide cleanup-log}): deletes commit and checkpoint files older than the
 * log retention that precede a checkpoint that stays, by Delta's rule (see {@link ExpiredLogCleanup},
 * which also runs after every checkpoint when {@code delta.enableExpiredLogCleanup} is on). A retention
 * shorter than the table's {@code delta.logRetentionDuration} is refused unless forced: it takes away
 * time travel the table promises.
 */
public final class LogCleanup {
  private final Table table;
  private Duration retain;
  private boolean force;
  private LongSupplier clock = System::currentTimeMillis;

  private LogCleanup(Table table) {
    this.table = table;
  }

  public static LogCleanup of(Table table) {
    return new LogCleanup(table);
  }

  /** The retention (default: the table's {@code delta.logRetentionDuration}, else 30 days). */
  public LogCleanup retain(Duration retention) {
    if (retention.isNegative()) {
      throw new MaintenanceArgumentException("Log retention must not be negative, got " + retention + ".");
    }
    this.retain = retention;
    return this;
  }

  public LogCleanup force() {
    this.force = true;
    return this;
  }

  /** The clock "now" is taken from (epoch ms): tests. */
  public LogCleanup clock(LongSupplier now) {
    this.clock = now;
    return this;
  }

  public static Duration tableRetention(Snapshot snap) {
    return Retention.ofProperty(snap.properties(), ExpiredLogCleanup.RETENTION_PROPERTY,
        Retention.DEFAULT_LOG_RETENTION);
  }

  public ExpiredLogCleanup.Result execute() {
    Snapshot snap = table.snapshot();
    Duration tableRetention = tableRetention(snap);
    Duration retention = retain != null ? retain : tableRetention;
    Retention.check(retention, tableRetention, force, "Log retention", table.location(),
        ExpiredLogCleanup.RETENTION_PROPERTY, "time travel the table promises would be lost");
    return ExpiredLogCleanup.run(table, clock.getAsLong() - retention.toMillis());
  }
}
