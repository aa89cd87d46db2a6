package io.tidelake.cli;

import io.tidelake.table.CreateTable;
import io.tidelake.table.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options of the object store a table lives in (endpoint, region, credentials... for s3:// and Hadoop
 * locations), mixed into every command that opens a table. Local paths ignore them. Kept in one place
 * so that store support can grow without touching each command.
 */
public final class StoreOptions {
  @Option(names = "--store-option", paramLabel = "KEY=VALUE",
      description = "Option for the table's object store (repeatable), e.g. --store-option region=eu-west-1.")
  Map<String, String> options = new LinkedHashMap<>();

  /** Opens an existing table; a missing one is a TableNotFoundException (exit code 1). */
  public Table open(String location) {
    return Table.open(location, options);
  }

  public CreateTable create(String location) {
    return Table.create(location, options);
  }

  public Map<String, String> options() {
    return options;
  }
}
