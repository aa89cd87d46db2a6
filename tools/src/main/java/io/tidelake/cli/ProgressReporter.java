package io.tidelake.cli;

import io.tidelake.table.WriteProgress;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long {@code tide write} on stderr: rows, bytes, files and rate. On a terminal a live
 * progress bar; otherwise (a log file, CI) a plain line at most every {@link #PLAIN_INTERVAL_MS}, so a
 * long job shows it is alive without flooding the log. A write shorter than the interval prints nothing.
 * stdout is untouched: it carries the command's result.
 */
final class ProgressReporter implements Consumer<WriteProgress>, AutoCloseable {
  static final long PLAIN_INTERVAL_MS = 10_000;

  private final PrintWriter err;
  private final LongSupplier clock;
  private final long intervalMs;
  private final boolean bar;
  private final long start;
  private long lastPrint;
  private ProgressBar progressBar;

  ProgressReporter(PrintWriter err, boolean terminal, long intervalMs, LongSupplier clock) {
    this.err = err;
    this.bar = terminal;
    this.intervalMs = intervalMs;
    this.clock = clock;
    this.start = clock.getAsLong();
    this.lastPrint = start;
  }

  /** For the command: a bar only when there is a console to draw it on (System.console() is null when piped). */
  static ProgressReporter forStderr(PrintWriter err) {
    String term = System.getenv("TERM");
    boolean terminal = System.console() != null && term != null && !term.equals("dumb");
    return new ProgressReporter(err, terminal, PLAIN_INTERVAL_MS, System::currentTimeMillis);
  }

  @Override
  public void accept(WriteProgress p) {
    long now = clock.getAsLong();
    if (bar) {
      if (progressBar == null) {
        boolean files = "VACUUM".equals(p.operation()); // deletes count files, writes count rows
        String task = p.operation() == null || p.operation().equals("WRITE") ? "Writing" : p.operation();
        progressBar = new ProgressBarBuilder().setTaskName(task).setInitialMax(-1).setUnit(files ? " files" : " rows", 1)
            .setStyle(ProgressBarStyle.ASCII).showSpeed().setUpdateIntervalMillis(500)
            .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
      }
      progressBar.stepTo("VACUUM".equals(p.operation()) ? p.filesWritten() : p.rowsWritten());
      progressBar.setExtraMessage(" " + Fmt.bytes(p.bytesWritten()) + ", " + Fmt.plural(p.filesWritten(), "file"));
      return;
    }
    if (now - lastPrint < intervalMs) {
      return;
    }
    lastPrint = now;
    double seconds = Math.max(0.001, (now - start) / 1000.0);
    String what = p.operation() == null || p.operation().equals("WRITE") ? "writing"
        : p.operation().toLowerCase(Locale.ROOT);
    err.println(String.format(Locale.ROOT, "tide: %s: %s, %s, %s so far (%s rows/s, %s/s)", what,
        Fmt.plural(p.rowsWritten(), "row"), Fmt.bytes(p.bytesWritten()), Fmt.plural(p.filesWritten(), "file"),
        Fmt.count((long) (p.rowsWritten() / seconds)), Fmt.bytes((long) (p.bytesWritten() / seconds))));
    err.flush();
  }

  /**
   * A progress line of a command whose work is not a row write (MERGE's passes): {@code tide: <what>:
   * <text>}, throttled like the plain lines, on a terminal too (a phase has no single bar to fill).
   */
  void status(String what, String text) {
    long now = clock.getAsLong();
    if (now - lastPrint < intervalMs) {
      return;
    }
    lastPrint = now;
    err.println("tide: " + what + ": " + text);
    err.flush();
  }

  @Override
  public void close() {
    if (progressBar != null) {
      progressBar.close();
      progressBar = null;
    }
  }
}
