package io.tidelake.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidelake.table.CommitResult;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How the row-level commands (update, delete, alter) report a commit: one line of text, or with
 * {@code --json} exactly one JSON object {@code {"version", "committed", "operation", "operationMetrics"}}.
 */
final class CommitOutput {
  private CommitOutput() {}

  static void print(CommandSpec spec, boolean json, String operation, CommitResult r, String summary) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode o = JsonValues.MAPPER.createObjectNode();
      o.put("version", r.version());
      o.put("committed", r.committed());
      o.put("operation", operation);
      ObjectNode m = o.putObject("operationMetrics");
      for (Map.Entry<String, String> e : r.metrics().entrySet()) {
        m.put(e.getKey(), e.getValue());
      }
      try {
        out.println(JsonValues.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else if (r.committed()) {
      out.println(summary + " (version " + r.version() + ")");
    } else {
      out.println(summary + "; nothing to commit (table stays at version " + r.version() + ")");
    }
    out.flush();
  }

  static String metric(CommitResult r, String name) {
    return r.metrics().getOrDefault(name, "0");
  }
}
