package io.tidelake.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidelake.table.HistoryEntry;
import io.tidelake.table.Table;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tide history}: the commits of a table, newest first (as Delta's DESCRIBE HISTORY). */
@Command(name = "history", description = "Show a table's commits, newest first: version, time, operation, "
    + "parameters, metrics.")
final class HistoryCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  StoreOptions store;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Parameters(index = "0", paramLabel = "TABLE", description = "Table location.")
  String location;

  @Option(names = "--limit", paramLabel = "N", description = "Only the newest N commits.")
  Integer limit;

  @Option(names = "--json", description = "Print a JSON array instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (limit != null && limit < 1) {
      throw new ParameterException(spec.commandLine(), "--limit must be at least 1");
    }
    Table t = store.open(location);
    List<HistoryEntry> entries = t.history(limit == null ? Integer.MAX_VALUE : limit);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(JsonValues.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(entries)));
    } else {
      print(entries, out, "");
    }
    out.flush();
    return TideCli.EXIT_OK;
  }

  /** The history as an aligned table (also used by quickstart). */
  static void print(List<HistoryEntry> entries, PrintWriter out, String indent) {
    TextTable table = new TextTable(List.of("version", "timestamp", "operation", "parameters", "metrics"),
        new boolean[] {true, false, false, false, false}, 200);
    for (HistoryEntry e : entries) {
      table.add(String.valueOf(e.version()), Fmt.time(e.timestamp()), e.operation() == null ? "-" : e.operation(),
          Fmt.pairs(e.operationParameters()), Fmt.pairs(e.operationMetrics()));
    }
    table.print(out, indent);
  }

  private static ArrayNode toJson(List<HistoryEntry> entries) {
    ArrayNode arr = JsonValues.MAPPER.createArrayNode();
    for (HistoryEntry e : entries) {
      ObjectNode o = arr.addObject();
      o.put("version", e.version());
      o.put("timestamp", Fmt.time(e.timestamp()));
      o.put("timestampMillis", e.timestamp());
      o.put("operation", e.operation());
      ObjectNode params = o.putObject("operationParameters");
      if (e.operationParameters() != null) {
        e.operationParameters().forEach(params::put);
      }
      ObjectNode metrics = o.putObject("operationMetrics");
      if (e.operationMetrics() != null) {
        e.operationMetrics().forEach(metrics::put);
      }
      if (e.commitInfo() != null) {
        o.put("engineInfo", e.commitInfo().engineInfo());
        o.put("isBlindAppend", e.commitInfo().isBlindAppend());
        o.put("readVersion", e.commitInfo().readVersion());
      }
    }
    return arr;
  }
}
