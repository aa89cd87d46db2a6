package io.tidelake.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.table.Table;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java code is compiled against the real API, and its complete example is run, so the README
 * cannot drift from the code. A block that declares a public class is compiled as its own file and its
 * main run; a shorter snippet is compiled as the body of a method (with the Tidelake packages imported).
 */
class ReadmeJavaTest {
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern PUBLIC_CLASS = Pattern.compile("public class (\\w+)");

  @TempDir
  Path dir;

  @Test
  void readmeJavaCompilesAndTheExampleRuns() throws Exception {
    String readme = Files.readString(readme());
    List<String> blocks = new ArrayList<>();
    Matcher m = JAVA_BLOCK.matcher(readme);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    assertThat(blocks).as("```java blocks in README.md").hasSizeGreaterThanOrEqualTo(2);

    Path src = Files.createDirectories(dir.resolve("src"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    List<File> files = new ArrayList<>();
    String mainClass = null;
    for (int i = 0; i < blocks.size(); i++) {
      String block = blocks.get(i);
      Matcher pc = PUBLIC_CLASS.matcher(block);
      if (pc.find()) {
        assertThat(mainClass).as("one complete example in the README").isNull();
        mainClass = pc.group(1);
        files.add(write(src.resolve(mainClass + ".java"), block));
      } else {
        String name = "ReadmeSnippet" + i;
        files.add(write(src.resolve(name + ".java"), "import io.tidelake.format.*;\nimport io.tidelake.format.types.*;\nimport io.tidelake.format.expr.*;\n"
            + "import io.tidelake.format.predicate.*;\nimport io.tidelake.format.dv.*;\n"
            + "import io.tidelake.table.*;\nimport io.tidelake.quality.*;\nimport io.tidelake.stream.*;\nimport java.util.*;\n\nclass " + name + " {\n  static void run() throws Exception {\n"
            + block + "\n  }\n}\n"));
      }
    }
    assertThat(mainClass).as("a complete example (public class with main) in the README").isNotNull();
    compile(files, classes);

    String location = dir.resolve("events").toString();
    String out = run(classes, mainClass, location);
    assertThat(out).contains("re-run of batch 1 committed: false").contains("id 1: 12.5").contains("id 3: 7.25")
        .contains("version 2: 3 rows; latest (version 4): 2 rows");
    try (Table t = Table.open(location)) {
      assertThat(t.snapshot().version()).isEqualTo(4);
      assertThat(t.newScan().count()).isEqualTo(2);
    }
  }

  private static Path readme() {
    // surefire runs in the module directory; the README is at the repository root
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("README.md")) && Files.exists(p.resolve("tests"))) {
        return p.resolve("README.md");
      }
    }
    throw new IllegalStateException("README.md not found above " + Path.of("").toAbsolutePath());
  }

  private static File write(Path p, String content) throws IOException {
    Files.writeString(p, content);
    return p.toFile();
  }

  private static void compile(List<File> files, Path out) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac).as("a JDK (javax.tools compiler)").isNotNull();
    // surefire may hide the real class path behind a manifest-only jar; it publishes it here
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
    try (StandardJavaFileManager fm = javac.getStandardFileManager(diags, Locale.ROOT, StandardCharsets.UTF_8)) {
      boolean ok = javac.getTask(null, fm, diags, List.of("-classpath", cp, "-d", out.toString(), "--release", "17",
          "-proc:none"), null, fm.getJavaFileObjectsFromFiles(files)).call();
      StringBuilder sb = new StringBuilder();
      for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
        if (d.getKind() == Diagnostic.Kind.ERROR) {
          sb.append(d.getSource() == null ? "" : d.getSource().getName()).append(':').append(d.getLineNumber())
              .append(": ").append(d.getMessage(Locale.ROOT)).append('\n');
        }
      }
      assertThat(ok).as("README Java compiles:\n%s", sb).isTrue();
    }
  }

  private static String run(Path classes, String mainClass, String location) throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        ReadmeJavaTest.class.getClassLoader())) {
      Method main = loader.loadClass(mainClass).getMethod("main", String[].class);
      System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
      main.invoke(null, (Object) new String[] {location});
    } finally {
      System.setOut(old);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    old.print(out); // shown in the test log too
    return out;
  }
}
