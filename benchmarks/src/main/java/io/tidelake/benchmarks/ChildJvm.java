package io.tidelake.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs a main class of this module in a new JVM with the same classpath; collects its stdout lines. */
final class ChildJvm {
  private ChildJvm() {}

  record Outcome(List<String> lines, long wallNanos) {
    /** The value of {@code key=} on the first line starting with {@code prefix}. */
    String value(String prefix, String key) {
      for (String l : lines) {
        if (l.startsWith(prefix)) {
          for (String part : l.split(" ")) {
            if (part.startsWith(key + "=")) {
              return part.substring(key.length() + 1);
            }
          }
        }
      }
      throw new IllegalStateException("child printed no " + prefix + " " + key + "=: " + lines);
    }
  }

  static Outcome run(List<String> jvmFlags, Class<?> main, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmFlags);
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.add("-Dorg.slf4j.simpleLogger.log.org.apache.hadoop=error"); // "Unable to load native-hadoop library"
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    long start = System.nanoTime();
    Process p = pb.start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String l; (l = r.readLine()) != null; ) {
        lines.add(l);
      }
    }
    int rc = p.waitFor();
    long wall = System.nanoTime() - start;
    if (rc != 0) {
      throw new IllegalStateException("child " + main.getSimpleName() + " " + List.of(args) + " exited " + rc
          + ": " + lines);
    }
    return new Outcome(lines, wall);
  }
}
