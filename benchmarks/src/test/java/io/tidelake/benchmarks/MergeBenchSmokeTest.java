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

/** CI smoke test of the merge benchmark at micro size: it runs end to end and its RESULT lines parse. */
class MergeBenchSmokeTest {
  @Test
  void mergePrintsSpreadAndSelectiveResultsForBothModes(@TempDir Path tmp) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      BenchMain.run(Settings.micro(tmp.resolve("work")), List.of("merge"), out);
    }
    List<Result> results = new ArrayList<>();
    for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
      Result r = Result.parse(line);
      assertThat(r).as("not a RESULT line: %s", line).isNotNull();
      results.add(r);
    }
    assertThat(results).extracting(Result::benchmark)
        .containsExactly("merge", "merge", "merge", "merge", "merge", "merge", "env");
    assertThat(results.subList(0, 6)).extracting(r -> r.values().get("case") + "/" + r.values().get("mode"))
        .containsExactly("spread/cow", "selective/cow", "spread/dv", "selective/dv",
            "spill/cow", "spill_small_heap/cow");
    assertThat(results.get(5).values()).containsKeys("spill_bytes", "spill_passes", "seconds", "peak_heap_mb")
        .containsEntry("heap", "512m");
    assertThat(results.get(4).values()).containsKeys("spill_bytes", "spill_passes", "seconds", "in_memory_seconds",
        "ratio_to_in_memory");
    Result spread = results.get(0);
    assertThat(spread.values()).containsKeys("seconds", "floor_seconds", "bytes_written", "ratio_to_floor");
    assertThat(spread.values().get("files_touched")).isEqualTo("20");
    assertThat(results.get(1).values().get("files_touched")).isEqualTo("1");
  }
}
