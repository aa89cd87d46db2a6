package io.tidelake.tests.reliability;

import static io.tidelake.tests.s3.TestData.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.tests.s3.Backend;
import io.tidelake.tests.s3.BackendSuite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Separate JVMs (java -cp &lt;this test classpath&gt; AppendWorker) append to one table at once: no shared
 * memory, no shared store object, only the storage's put-if-absent between them. For S3, the server is
 * the S3Proxy in this JVM and the children get its endpoint as store options.
 */
public abstract class MultiProcessAppendSuite extends BackendSuite {
  static final int PROCESSES = 3;
  static final int APPENDS = 100; // as the issue asks: every writer appends 100 times
  static final int ROWS_PER_APPEND = 2;

  @Test
  void separateProcessesAppendingToOneTable() throws Exception {
    String location = backend.newLocation();
    backend.create(location, SCHEMA).create();
    List<Process> children = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    try {
      for (int w = 0; w < PROCESSES; w++) {
        Path log = tempDir.resolve("worker-" + w + ".log");
        logs.add(log);
        children.add(worker(location, w, log));
      }
      int lostRaces = 0;
      for (int w = 0; w < PROCESSES; w++) {
        Process p = children.get(w);
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("worker %d finished in time", w).isTrue();
        String out = java.nio.file.Files.readString(logs.get(w), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("worker %d exit code; its output:%n%s", w, out).isZero();
        String done = out.lines().filter(l -> l.startsWith("DONE")).findFirst().orElseThrow();
        lostRaces += Integer.parseInt(done.substring(done.indexOf("lostRaces=") + 10).trim());
      }
      AppendAudit.verify("MultiProcess[" + backend.name() + "] " + PROCESSES + " processes x " + APPENDS,
          backend.store(), location, PROCESSES * APPENDS, (long) PROCESSES * APPENDS * ROWS_PER_APPEND);
      System.out.println("  races lost and retried across processes: " + lostRaces);
    } finally {
      children.forEach(Process::destroyForcibly);
    }
  }

  private Process worker(String location, int w, Path log) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"),
        AppendWorker.class.getName(), location, String.valueOf(w), String.valueOf(APPENDS),
        String.valueOf(ROWS_PER_APPEND)));
    for (Map.Entry<String, String> e : backend.options().entrySet()) {
      cmd.add(e.getKey() + "=" + e.getValue());
    }
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }
}
