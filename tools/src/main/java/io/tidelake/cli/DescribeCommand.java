package io.tidelake.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidelake.format.types.SchemaJson;
import io.tidelake.format.types.StructField;
import io.tidelake.table.Snapshot;
import io.tidelake.table.actions.Metadata;
import io.tidelake.table.actions.Protocol;
import java.io.PrintWriter;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tide describe}: what a table is (schema, partitioning, properties, protocol) and how big. */
@Command(name = "describe", description = "Show a table's schema, partitioning, properties, protocol and size.")
final class DescribeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  StoreOptions store;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Parameters(index = "0", paramLabel = "TABLE", description = "Table location.")
  String location;

  @Option(names = "--json", description = "Print JSON (with the Delta schema JSON) instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Snapshot s = store.open(location).snapshot();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(JsonValues.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(s)));
    } else {
      printText(s, out);
    }
    out.flush();
    return TideCli.EXIT_OK;
  }

  private static void printText(Snapshot s, PrintWriter out) {
    Metadata md = s.metadata();
    out.println("Table " + s.location());
    out.println("  version:        " + s.version() + "  (committed " + Fmt.time(s.timestamp()) + ")");
    if (md.name() != null) {
      out.println("  name:           " + md.name());
    }
    if (md.description() != null) {
      out.println("  description:    " + md.description());
    }
    out.println("  id:             " + md.id());
    out.println("  columns:");
    int w = 0;
    for (StructField f : s.schema().fields()) {
      w = Math.max(w, f.name().length());
    }
    for (StructField f : s.schema().fields()) {
      out.println("    " + f.name() + " ".repeat(w - f.name().length() + 2) + f.type().simpleString()
          + (f.nullable() ? "" : " not null") + (s.partitionColumns().contains(f.name()) ? "  (partition)" : ""));
    }
    out.println("  partitioned by: "
        + (s.partitionColumns().isEmpty() ? "-" : String.join(", ", s.partitionColumns())));
    out.println("  properties:     " + Fmt.pairs(s.properties()));
    Protocol p = s.protocol();
    out.println("  protocol:       reader " + p.minReaderVersion() + ", writer " + p.minWriterVersion()
        + features(" reader features", p.readerFeatures()) + features(" writer features", p.writerFeatures()));
    out.println("  files:          " + Fmt.count(s.numFiles()) + " (" + Fmt.bytes(s.sizeInBytes()) + ", "
        + Fmt.count(s.sizeInBytes()) + " bytes)");
  }

  private static String features(String label, Set<String> fs) {
    return fs == null || fs.isEmpty() ? "" : ";" + label + ": " + String.join(", ", fs);
  }

  private static ObjectNode toJson(Snapshot s) {
    Metadata md = s.metadata();
    ObjectNode o = JsonValues.MAPPER.createObjectNode();
    o.put("location", s.location());
    o.put("version", s.version());
    o.put("timestamp", Fmt.time(s.timestamp()));
    o.put("id", md.id());
    o.put("name", md.name());
    o.put("description", md.description());
    o.put("schemaDdl", s.schema().toDdl());
    o.set("schema", SchemaJson.toNode(s.schema()));
    ArrayNode parts = o.putArray("partitionColumns");
    s.partitionColumns().forEach(parts::add);
    ObjectNode props = o.putObject("properties");
    s.properties().forEach(props::put);
    Protocol p = s.protocol();
    ObjectNode proto = o.putObject("protocol");
    proto.put("minReaderVersion", p.minReaderVersion());
    proto.put("minWriterVersion", p.minWriterVersion());
    if (p.readerFeatures() != null) {
      p.readerFeatures().forEach(proto.putArray("readerFeatures")::add);
    }
    if (p.writerFeatures() != null) {
      p.writerFeatures().forEach(proto.putArray("writerFeatures")::add);
    }
    o.put("numFiles", s.numFiles());
    o.put("sizeInBytes", s.sizeInBytes());
    if (md.createdTime() != null) {
      o.put("createdTime", Fmt.time(md.createdTime()));
    }
    return o;
  }
}
