package io.tidelake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** User errors: exit code 1 and exactly one line on stderr that names the problem (and the input line). */
class ErrorHandlingTest {
  @TempDir
  Path dir;

  String table;

  @BeforeEach
  void createTable() {
    table = dir.resolve("t").toString();
    Tide.ok("create", table, "--schema", "id long not null, name string, day date");
  }

  @Test
  void unknownColumnInJsonlNamesTheLine() throws IOException {
    String in = file("in.jsonl", "{\"id\":1}\n{\"id\":2,\"name\":\"b\"}\n{\"id\":3,\"nope\":true}\n");
    assertUserError(Tide.run("write", table, "--input", in), in + " line 3: ", "'nope'", "unknown column");
  }

  @Test
  void wrongTypesNameTheColumnAndLine() throws IOException {
    String in = file("in.jsonl", "{\"id\":\"abc\"}\n");
    assertUserError(Tide.run("write", table, "--input", in), in + " line 1: ", "'id'", "'abc' is not a valid long");
    String num = file("num.jsonl", "{\"id\":1}\n{\"id\":2,\"name\":5}\n");
    assertUserError(Tide.run("write", table, "--input", num), "line 2: ", "'name'", "expected string but got a number");
    String frac = file("frac.jsonl", "{\"id\":1.5}\n");
    assertUserError(Tide.run("write", table, "--input", frac), "line 1: ", "'id'", "1.5 has a fraction");
    String date = file("date.csv", "id,day\n1,2025-13-01\n");
    assertUserError(Tide.run("write", table, "--input", date), date + " line 2: ", "'day'", "not a valid date");
  }

  @Test
  void csvProblemsNameThePhysicalLine() throws IOException {
    // the quoted cell of line 2 spans two lines, so the short record starts on line 4
    String in = file("in.csv", "id,name\r\n1,\"two\r\nlines\"\r\n2,x,extra\r\n");
    assertUserError(Tide.run("write", table, "--input", in), in + " line 4: ", "expected 2 cells");
    String header = file("h.csv", "id,surname\n1,x\n");
    assertUserError(Tide.run("write", table, "--input", header), "line 1: ", "unknown column 'surname'");
    String open = file("open.csv", "id,name\n1,\"never closed\n");
    assertUserError(Tide.run("write", table, "--input", open), "line 2: ", "never closed");
  }

  @Test
  void invalidJsonAndMissingFiles() throws IOException {
    String in = file("in.jsonl", "{\"id\":1}\n{\"id\":2,\n");
    assertUserError(Tide.run("write", table, "--input", in), "line 2, column 9: ", "not valid JSON",
        "the line ends too early");
    assertUserError(Tide.run("write", table, "--input", dir.resolve("missing.jsonl").toString()), "does not exist");
    assertUserError(Tide.run("write", table, "--input", file("in.txt", "")), "--format");
  }

  @Test
  void missingTable() {
    String nowhere = dir.resolve("nowhere").toString();
    assertUserError(Tide.run("cat", nowhere), "No Delta table at " + nowhere);
    assertUserError(Tide.run("describe", nowhere), "No Delta table");
    assertUserError(Tide.run("history", nowhere), "No Delta table");
  }

  @Test
  void badPredicateIsOneLineWithThePosition() {
    Tide.Result r = Tide.run("cat", table, "--where", "id >");
    assertUserError(r, "(at character");
    assertUserError(Tide.run("cat", table, "--where", "colour = 'red'"), "Unknown column 'colour'");
    assertUserError(Tide.run("write", table, "--input", "x.jsonl", "--replace-where", "id ="), "at character");
  }

  @Test
  void badSchemaOptionsAndVersions() {
    assertUserError(Tide.run("create", dir.resolve("u").toString(), "--schema", "id lng"),
        "Unsupported data type 'lng'");
    assertUserError(Tide.run("create", table, "--schema", "id long"), "already exists");
    assertUserError(Tide.run("cat", table, "--version", "9"), "newest version is 0");
    assertUserError(Tide.run("cat", table, "--bogus"), "Unknown option: '--bogus'", "see 'tide cat --help'");
    assertUserError(Tide.run("cat", table, "--format", "xml"), "--format");
    assertUserError(Tide.run("cat", table, "--timestamp", "yesterday"), "is not a time");
    assertUserError(Tide.run("nosuchcommand"), "nosuchcommand");
    assertUserError(Tide.run(), "missing command");
  }

  @Test
  void internalErrorsExitTwoWithTheStackTraceOnlyWhenVerbose() throws Exception {
    IllegalStateException boom = new IllegalStateException("boom");
    for (boolean verbose : new boolean[] {false, true}) {
      StringWriter err = new StringWriter();
      CommandLine cl = new CommandLine(new TideCli());
      cl.setErr(new PrintWriter(err, true));
      cl.parseArgs(verbose ? new String[] {"describe", "--verbose", "x"} : new String[] {"describe", "x"});
      int exit = cl.getExecutionExceptionHandler()
          .handleExecutionException(boom, cl.getSubcommands().get("describe"), cl.getParseResult());
      assertThat(exit).isEqualTo(2);
      assertThat(err.toString()).startsWith("tide: internal error: java.lang.IllegalStateException: boom\n");
      if (verbose) {
        assertThat(err.toString()).contains("\tat io.tidelake.cli.ErrorHandlingTest");
      } else if (!"1".equals(System.getenv("TIDE_DEBUG"))) {
        assertThat(err.toString()).doesNotContain("\tat ").contains("--verbose");
      }
    }
  }

  @Test
  void storeOptionsAreAcceptedForLocalTables() {
    assertThat(Tide.ok("describe", table, "--store-option", "region=eu-west-1").out()).contains("version:");
    assertUserError(Tide.run("describe", table, "--store-option", "novalue"), "--store-option");
  }

  @Test
  void helpAndVersionExitZero() {
    assertThat(Tide.ok("--help").out()).contains("quickstart").contains("describe");
    assertThat(Tide.ok("cat", "--help").out()).contains("--where").contains("--timestamp");
    assertThat(Tide.ok("--version").out()).startsWith("tide ");
  }

  private static void assertUserError(Tide.Result r, String... fragments) {
    assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isEqualTo(1);
    assertThat(r.errLines()).as("stderr is one line").hasSize(1);
    assertThat(r.err()).startsWith("tide: ").doesNotContain("internal error");
    for (String f : fragments) {
      assertThat(r.err()).contains(f);
    }
  }

  private String file(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p.toString();
  }
}
