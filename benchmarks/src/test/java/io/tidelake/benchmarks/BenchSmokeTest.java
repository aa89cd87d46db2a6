package io.tidelake.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI smoke test: the harness runs two benchmarks end to end at micro sizes (seconds) and prints RESULT
 * lines that parse. It checks the plumbing, never the figures: CI must not run the real suite.
 */
class BenchSmokeTest {

  @Test
  void appendAndCommitPrintParsableResults(@TempDir Path tmp) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      BenchMain.run(Settings.micro(tmp.resolve("work")), List.of("append", "commit"), out);
    }
    List<Result> results = new ArrayList<>();
    for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
      Result r = Result.parse(line);
      assertThat(r).as("not a RESULT line: %s", line).isNotNull();
      results.add(r);
    }
    assertThat(results).extracting(Result::benchmark).containsExactly("append", "append", "commit", "commit", "env");

    Result append = results.get(0);
    assertThat(append.values()).containsKeys("rows", "tidelake_rows_per_s", "parquet_rows_per_s", "ratio");
    assertThat(List.copyOf(append.values().keySet()).subList(0, 4))
        .containsExactly("rows", "tidelake_rows_per_s", "parquet_rows_per_s", "ratio");
    assertThat(append.values().get("rows")).isEqualTo("5000");
    assertThat(Double.parseDouble(append.values().get("ratio"))).isPositive();
    assertThat(append.values().get("files")).isEqualTo("10");
    assertThat(results.get(1).values().get("threads")).isEqualTo("2");

    Result commit = results.get(2);
    assertThat(List.copyOf(commit.values().keySet()).subList(0, 5))
        .containsExactly("store", "writers", "p50_ms", "p99_ms", "commits_per_s");
    assertThat(commit.values().get("store")).isEqualTo("local");
    assertThat(Double.parseDouble(commit.values().get("p99_ms")))
        .isGreaterThanOrEqualTo(Double.parseDouble(commit.values().get("p50_ms")));
  }

  @Test
  void wapPrintsAuditRatioAndPublishLatency(@TempDir Path tmp) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      BenchMain.run(Settings.micro(tmp.resolve("work")), List.of("wap"), out);
    }
    Result wap = Result.parse(bytes.toString(StandardCharsets.UTF_8).split("\n")[0]);
    assertThat(wap.benchmark()).isEqualTo("wap");
    assertThat(wap.values()).containsKeys("rows", "write_ms", "audit_ms", "audit_to_write", "publish_ms");
    assertThat(wap.values().get("rows")).isEqualTo("5000");
  }

  @Test
  void windowedPrintsRateStateAndHeap(@TempDir Path tmp) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      BenchMain.run(Settings.micro(tmp.resolve("work")), List.of("windowed"), out);
    }
    Result w = Result.parse(bytes.toString(StandardCharsets.UTF_8).split("\n")[0]);
    assertThat(w.benchmark()).isEqualTo("stream_window");
    assertThat(w.values()).containsEntry("events", "6000").containsEntry("keys", "100")
        .containsEntry("window_minutes", "60").containsEntry("watermark_minutes", "10");
    assertThat(Long.parseLong(w.values().get("state_rows_peak"))).isPositive();
    assertThat(Long.parseLong(w.values().get("windows_written"))).isPositive();
    assertThat(Double.parseDouble(w.values().get("ratio"))).isPositive();
    // the size is the full run's
    WindowedBenchmark.Size full = WindowedBenchmark.size(Settings.full(tmp));
    assertThat(full.events()).isEqualTo(10_000_000L);
    assertThat(full.keys()).isEqualTo(100_000L);
  }

  @Test
  void streamPrintsItsRatio(@TempDir Path tmp) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      BenchMain.run(Settings.micro(tmp.resolve("work")), List.of("stream"), out);
    }
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    Result r = Result.parse(lines[0]);
    assertThat(r.benchmark()).isEqualTo("stream");
    assertThat(r.values()).containsEntry("commits", "6").containsEntry("rows", "6000").containsEntry("batches", "1");
    assertThat(Double.parseDouble(r.values().get("ratio"))).isPositive();
    Result latency = Result.parse(lines[1]);
    assertThat(latency.benchmark()).isEqualTo("stream_latency");
    assertThat(latency.values()).containsEntry("measured", "2");
  }

  @Test
  void resultLinesRoundTrip() {
    Result r = new Result("snapshot").put("mode", "warm").put("tidelake_ms", 12.3456).put("kernel_ms", 1234.5)
        .ratio("ratio", 100.0);
    assertThat(r.line()).isEqualTo("RESULT snapshot mode=warm tidelake_ms=12.3 kernel_ms=1235 ratio=100.00");
    Result back = Result.parse(r.line());
    assertThat(back.benchmark()).isEqualTo("snapshot");
    assertThat(back.values()).isEqualTo(r.values());
    assertThat(Result.parse("RESULT broken")).isNull();
    assertThat(Result.parse("  [bench] noise")).isNull();
  }
}
