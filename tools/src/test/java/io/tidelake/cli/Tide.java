package io.tidelake.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** Runs tide in-process, as the shell would, capturing stdout and stderr. */
final class Tide {
  record Result(int exit, String out, String err) {
    List<String> outLines() {
      return out.lines().toList();
    }

    List<String> errLines() {
      return err.lines().toList();
    }
  }

  private Tide() {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new TideCli());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  /** Runs and fails the test (showing stderr) unless the exit code is 0. */
  static Result ok(String... args) {
    Result r = run(args);
    if (r.exit() != 0) {
      throw new AssertionError("tide " + String.join(" ", args) + " exited " + r.exit() + "\nstdout:\n" + r.out()
          + "\nstderr:\n" + r.err());
    }
    return r;
  }
}
