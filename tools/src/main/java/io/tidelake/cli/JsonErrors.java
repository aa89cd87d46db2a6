package io.tidelake.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;

/**
 * Errors of {@code --json} commands as one JSON document on stdout, so that a script reading stdout
 * always gets JSON: {@code {"error":{"type":...,"message":...,"exitCode":1}}}. The one line on stderr
 * is printed as well, for the person watching.
 */
final class JsonErrors {
  private JsonErrors() {}

  /**
   * A stable type name for scripts: the library exception's class, also when the CLI reworded its message
   * (a CliException caused by it); "UserError" for the CLI's own checks.
   */
  static String type(Exception ex) {
    if (ex instanceof CliException) {
      return ex.getCause() instanceof io.tidelake.format.TidelakeException t && !(t instanceof CliException)
          ? t.getClass().getSimpleName() : "UserError";
    }
    return ex.getClass().getSimpleName();
  }

  /** As {@link #print}, with the expectation results (GE's validation result) under {@code error.expectations}. */
  static void printBlocked(PrintWriter out, io.tidelake.quality.ExpectationFailedException ex, String message,
      int exitCode) {
    ObjectNode root = JsonValues.MAPPER.createObjectNode();
    ObjectNode e = root.putObject("error");
    e.put("type", ex.getClass().getSimpleName());
    e.put("message", message);
    e.put("exitCode", exitCode);
    try {
      e.set("expectations", JsonValues.MAPPER.readTree(ex.result().toCompactJson()));
      out.println(JsonValues.MAPPER.writeValueAsString(root));
    } catch (JsonProcessingException x) {
      throw new IllegalStateException(x);
    }
    out.flush();
  }

  static void print(PrintWriter out, String type, String message, int exitCode) {
    ObjectNode root = JsonValues.MAPPER.createObjectNode();
    ObjectNode e = root.putObject("error");
    e.put("type", type);
    e.put("message", message);
    e.put("exitCode", exitCode);
    try {
      out.println(JsonValues.MAPPER.writeValueAsString(root));
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex); // a tree of strings and ints always serializes
    }
    out.flush();
  }
}
