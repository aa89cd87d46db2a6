package io.tidelake.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidelake.compaction.UnreferencedFiles;
import io.tidelake.format.types.SchemaJson;
import io.tidelake.format.types.StructField;
import io.tidelake.format.store.FileInfo;
import io.tidelake.table.Snapshot;
import io.tidelake.table.Table;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.Metadata;
import io.tidelake.table.actions.Protocol;
import java.io.PrintWriter;
import java.math.BigInteger;
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

  @Option(names = "--orphans", description = "Also list files under the table that no version references "
      + "(left by killed writes), and their bytes. Lists the whole table directory.")
  boolean orphans;

  @Override
  public Integer call() throws Exception {
    Table t = store.open(location);
    Snapshot s = t.snapshot();
    OrphanFiles.Result found = orphans ? OrphanFiles.find(t.store(), s, UnreferencedFiles.stagedFiles(t, s)) : null;
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode o = toJson(s);
      if (found != null) {
        ObjectNode node = o.putObject("orphans");
        node.put("count", found.files().size());
        node.put("bytes", found.bytes());
        ArrayNode files = node.putArray("files");
        for (FileInfo f : found.files()) {
          files.addObject().put("path", f.path()).put("size", f.size());
        }
      }
      out.println(JsonValues.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o));
    } else {
      printText(s, out);
      if (found != null) {
        printOrphans(found, out);
      }
    }
    out.flush();
    return TideCli.EXIT_OK;
  }

  private static void printOrphans(OrphanFiles.Result found, PrintWriter out) {
    if (found.files().isEmpty()) {
      out.println("  orphans:        none (every file under the table is referenced by the log)");
      return;
    }
    out.println("  orphans:        " + Fmt.plural(found.files().size(), "unreferenced file") + " ("
        + Fmt.bytes(found.bytes()) + "), left by writes that did not commit; no version reads them:");
    for (FileInfo f : found.files()) {
      out.println("    " + f.path() + "  " + Fmt.bytes(BigInteger.valueOf(f.size())));
    }
  }

  /**
   * The total of the log's file sizes. Summed exactly: a log with absurd sizes (corrupt, or written by a
   * buggy engine) must not print a negative table size.
   */
  static BigInteger totalSize(Snapshot s) {
    BigInteger total = BigInteger.ZERO;
    for (AddFile f : s.files()) {
      total = total.add(BigInteger.valueOf(f.size()));
    }
    return total;
  }

  /** Whether the total is one a real table can have: not negative, and it fits a long. */
  static boolean plausible(BigInteger total) {
    return total.signum() >= 0 && total.bitLength() < 64;
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
    BigInteger size = totalSize(s);
    out.println("  files:          " + Fmt.count(s.numFiles()) + (plausible(size)
        ? " (" + Fmt.bytes(size) + ", " + Fmt.count(size.longValueExact()) + " bytes)"
        : " (" + Fmt.bytes(size) + "); the log records impossible file sizes (negative, or more than 8 EiB in "
            + "total): it is corrupt or was written by a faulty engine"));
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
    BigInteger size = totalSize(s);
    o.put("sizeInBytes", size);
    if (!plausible(size)) {
      o.put("sizeWarning", "the log records impossible file sizes (negative, or more than 8 EiB in total)");
    }
    if (md.createdTime() != null) {
      o.put("createdTime", Fmt.time(md.createdTime()));
    }
    return o;
  }
}
