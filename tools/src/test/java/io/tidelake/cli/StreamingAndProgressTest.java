package io.tidelake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.table.WriteProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** cat stops when its reader goes away; long writes report progress; shell completion is generated. */
class StreamingAndProgressTest {
  @TempDir
  Path dir;

  /** A pipe whose reader exits (head) after {@code limit} characters: later writes fail, as EPIPE does. */
  static final class ClosingPipe extends Writer {
    final long limit;
    long accepted;
    long attemptedAfterClose;

    ClosingPipe(long limit) {
      this.limit = limit;
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
      if (accepted + len > limit) {
        attemptedAfterClose += len;
        throw new IOException("Broken pipe");
      }
      accepted += len;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  @Test
  void catStopsReadingWhenStdoutCloses() throws IOException {
    String table = dir.resolve("t").toString();
    Tide.ok("create", table, "--schema", "id long not null, s string");
    StringBuilder sb = new StringBuilder();
    int n = 50_000;
    for (int i = 0; i < n; i++) {
      sb.append("{\"id\":").append(i).append(",\"s\":\"row number ").append(i).append("\"}\n");
    }
    Path in = dir.resolve("in.jsonl");
    Files.writeString(in, sb);
    Tide.ok("write", table, "--input", in.toString());

    for (String format : new String[] {"jsonl", "csv"}) {
      ClosingPipe pipe = new ClosingPipe(1000);
      CommandLine cl = new CommandLine(new TideCli());
      cl.setOut(new PrintWriter(pipe, true));
      cl.setErr(new PrintWriter(new StringWriter(), true));
      int exit = cl.execute("cat", table, "--format", format);
      assertThat(exit).isZero(); // as for any producer whose reader left: not an error of tide's
      // the whole table is ~2 MB of output; after the pipe closed, at most the buffer and one check interval
      long whole = sb.length();
      assertThat(pipe.attemptedAfterClose).as(format).isLessThan(whole / 10);
    }
  }

  @Test
  void plainProgressLinesAreThrottledAndNameRowsBytesFilesAndRate() {
    StringWriter err = new StringWriter();
    AtomicLong now = new AtomicLong(1_000_000);
    try (ProgressReporter p = new ProgressReporter(new PrintWriter(err, true), false, 10_000, now::get)) {
      p.accept(new WriteProgress("WRITE", 100_000, 0, 1 << 20)); // too soon: nothing
      now.addAndGet(10_000);
      p.accept(new WriteProgress("WRITE", 200_000, 1, 4 << 20));
      now.addAndGet(1_000);
      p.accept(new WriteProgress("WRITE", 300_000, 1, 6 << 20)); // too soon again
    }
    assertThat(err.toString().lines()).containsExactly(
        "tide: writing: 200,000 rows, 4.0 MB, 1 file so far (20,000 rows/s, 409.6 KB/s)");
  }

  @Test
  void mergeProgressLinesAreThrottledAndSayPhaseFilesAndRows() {
    StringWriter err = new StringWriter();
    AtomicLong now = new AtomicLong(1_000_000);
    try (ProgressReporter p = new ProgressReporter(new PrintWriter(err, true), true, 10_000, now::get)) {
      p.status("merge", MergeCommand.describe(new io.tidelake.merge.MergeProgress("matching", 1, 20, 1 << 20, 5, 0)));
      now.addAndGet(10_000);
      p.status("merge", MergeCommand.describe(new io.tidelake.merge.MergeProgress("rewriting", 12, 20, 340 << 20,
          100_000, 1_234)));
    }
    assertThat(err.toString().lines()).containsExactly(
        "tide: merge: rewriting: 12 of 20 target files (340.0 MB), 100,000 source rows, 1,234 rows written so far");
  }

  @Test
  void shortWritesPrintNoProgress() throws IOException {
    String table = dir.resolve("t").toString();
    Tide.ok("create", table, "--schema", "id long");
    Path in = dir.resolve("a.csv");
    Files.writeString(in, "id\n1\n");
    assertThat(Tide.ok("write", table, "--input", in.toString()).err()).isEmpty();
  }

  @Test
  void generatesShellCompletion() {
    Tide.Result r = Tide.ok("generate-completion");
    assertThat(r.out()).contains("complete -F").contains("quickstart").contains("--where");
  }
}
