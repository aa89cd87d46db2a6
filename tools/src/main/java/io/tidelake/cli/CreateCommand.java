package io.tidelake.cli;

import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.Snapshot;
import io.tidelake.table.Table;
import io.tidelake.table.TableAlreadyExistsException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tide create}: a new, empty table (version 0). */
@Command(name = "create", description = "Create an empty Delta table.",
    footer = {"", "Example:",
        "  tide create /tmp/t --partition-by date \\",
        "      --schema 'id long not null, date date, amount decimal(10,2)'"})
final class CreateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  StoreOptions store;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Parameters(index = "0", paramLabel = "TABLE", description = "Table location (a path, file:, s3://...).")
  String location;

  @Option(names = "--schema", required = true, paramLabel = "SCHEMA",
      description = "Columns as DDL ('id long not null, date date') or Delta schema JSON.")
  String schema;

  @Option(names = "--partition-by", split = ",", paramLabel = "COLUMN",
      description = "Partition columns, comma separated.")
  List<String> partitionBy = new ArrayList<>();

  @Option(names = "--property", paramLabel = "KEY=VALUE",
      description = "Table property (repeatable), e.g. delta.appendOnly=true.")
  Map<String, String> properties = new LinkedHashMap<>();

  @Override
  public Integer call() {
    StructType s = SchemaDdl.parse(schema);
    List<String> parts = new ArrayList<>();
    for (String p : partitionBy) {
      if (!p.isBlank()) {
        parts.add(p.strip());
      }
    }
    Table t;
    try {
      t = store.create(location).schema(s).partitionBy(parts).properties(properties).create();
    } catch (TableAlreadyExistsException e) {
      throw new CliException("A Delta table already exists at " + location + "; add rows with 'tide write "
          + location + " --input FILE', see it with 'tide describe " + location + "', or choose another location.", e);
    }
    Snapshot snap = t.snapshot();
    PrintWriter out = spec.commandLine().getOut();
    out.println("Created table " + t.location() + " (version " + snap.version() + ")");
    out.println("  columns:        " + snap.schema().toDdl());
    out.println("  partitioned by: " + (snap.partitionColumns().isEmpty() ? "-" : String.join(", ",
        snap.partitionColumns())));
    if (!snap.properties().isEmpty()) {
      out.println("  properties:     " + Fmt.pairs(snap.properties()));
    }
    out.println("Next: tide write " + location + " --input rows.jsonl --format jsonl");
    out.flush();
    return TideCli.EXIT_OK;
  }
}
