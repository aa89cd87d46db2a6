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
