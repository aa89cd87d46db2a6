package io.tidelake.tests.reliability;

import static io.tidelake.tests.s3.TestData.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.compaction.Optimize;
import io.tidelake.compaction.OptimizeConflictException;
import io.tidelake.table.Table;
import io.tidelake.tests.s3.Backend;
import io.tidelake.tests.s3.BackendSuite;
import io.tidelake.tests.s3.Backends;
import io.tidelake.tests.s3.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * OPTIMIZE in this JVM, in a loop, while appenders in separate OS processes (AppendWorker) write to the
 * same table: no append ever fails because of it, and the table ends with exactly the rows appended —
 * none lost to a compaction, none duplicated by one.
 */
class MultiProcessOptimizeTest extends BackendSuite {
  static final int PROCESSES = 3;
  static final int APPENDS = 20;
  static final int ROWS_PER_APPEND = 2;

  @Override
  protected Backend newBackend(Path tempDir) {
    return Backends.local(tempDir);
  }

  @Test
  void appendsInOtherProcessesNeverFailAndNoRowIsLostOrDuplicated() throws Exception {
    String location = backend.newLocation();
    backend.create(location, SCHEMA).partitionBy("date").create();
    List<Process> children = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    int optimizes = 0;
    // The appenders pause half way until OPTIMIZE has committed once, so "OPTIMIZE committed while they
    // ran" holds however fast they are (on a fast machine they could otherwise all finish first).
    Path go = tempDir.resolve("optimized-once");
    try {
      for (int w = 0; w < PROCESSES; w++) {
        Path log = tempDir.resolve("worker-" + w + ".log");
        logs.add(log);
        children.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-Dtidelake.test.pauseAfter=" + APPENDS / 2, "-Dtidelake.test.goFile=" + go,
            "-cp", System.getProperty("java.class.path"), AppendWorker.class.getName(), location, String.valueOf(w),
            String.valueOf(APPENDS), String.valueOf(ROWS_PER_APPEND))
            .redirectErrorStream(true).redirectOutput(log.toFile()).start());
      }
      try (Table t = Table.open(backend.store(), location)) {
        while (children.stream().anyMatch(Process::isAlive)) {
          try {
            if (!Optimize.of(t).maxThreads(2).minFileSize(1 << 20).execute().versions().isEmpty()) {
              if (optimizes++ == 0) {
                Files.createFile(go);
              }
            }
          } catch (OptimizeConflictException e) {
            throw new AssertionError("appends never conflict with OPTIMIZE", e);
          }
        }
      }
      for (int w = 0; w < PROCESSES; w++) {
        Process p = children.get(w);
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        String out = Files.readString(logs.get(w), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("appender %d failed:%n%s", w, out).isZero();
      }
    } finally {
      children.forEach(Process::destroyForcibly);
    }
    long total = (long) PROCESSES * APPENDS * ROWS_PER_APPEND;
    long[] ids = TestData.ids(Table.open(backend.store(), location)); // sorted, duplicates kept
    assertThat(ids).containsExactly(LongStream.range(0, total).toArray());
    assertThat(optimizes).as("OPTIMIZE committed while the appenders ran").isPositive();
  }
}
