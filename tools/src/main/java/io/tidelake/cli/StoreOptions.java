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
      description = "Option for the table's object store (repeatable), e.g. --store-option s3.part-size=16777216.")
  Map<String, String> options = new LinkedHashMap<>();

  // Shortcuts for the S3 options people need most. No flags for secrets on purpose: command lines are
  // visible to other users of the machine; credentials come from AWS_* variables, a profile, or the
  // default chain.
  @Option(names = "--endpoint", paramLabel = "URL",
      description = "S3-compatible endpoint (default: AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, else AWS). "
          + "A localhost or IP endpoint uses path-style addressing.")
  String endpoint;

  @Option(names = "--region", description = "S3 region (default: the AWS region chain).")
  String region;

  @Option(names = "--path-style", description = "Force path-style S3 addressing.")
  boolean pathStyle;

  @Option(names = "--profile", description = "AWS profile for S3 credentials.")
  String profile;

  /** Opens an existing table; a missing one is a TableNotFoundException (exit code 1). */
  public Table open(String location) {
    return Table.open(location, options());
  }

  public CreateTable create(String location) {
    return Table.create(location, options());
  }

  public Map<String, String> options() {
    Map<String, String> all = new LinkedHashMap<>(options);
    putIfSet(all, "s3.endpoint", endpoint);
    putIfSet(all, "s3.region", region);
    putIfSet(all, "s3.profile", profile);
    if (pathStyle) {
      all.put("s3.path-style", "true");
    }
    return all;
  }

  private static void putIfSet(Map<String, String> m, String key, String value) {
    if (value != null) {
      m.put(key, value);
    }
  }
}
