package io.tidelake.cli;

import io.tidelake.table.CreateTable;
import io.tidelake.table.Table;
import io.tidelake.table.TableNotFoundException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
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
    checkNotAFile(location);
    try {
      return Table.open(location, options());
    } catch (TableNotFoundException e) {
      // the library's message points at its Java API; on the command line the fix is a command
      throw new CliException("No Delta table at " + location + " (no commit or checkpoint in its _delta_log/). "
          + "Check the path, or create one with 'tide create " + location + " --schema ...'.", e);
    }
  }

  public CreateTable create(String location) {
    checkNotAFile(location);
    return Table.create(location, options());
  }

  /**
   * A local table path that is (or lies under) a plain file: said plainly, with the fix, instead of the
   * "Not a directory" the filesystem reports for {@code <file>/_delta_log}.
   */
  static void checkNotAFile(String location) {
    Path p;
    try {
      if (location.startsWith("file:")) {
        p = Path.of(URI.create(location));
      } else if (location.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
        return; // object stores have no plain files in the way
      } else {
        p = Path.of(location);
      }
    } catch (IllegalArgumentException e) {
      return; // the store reports a malformed location better
    }
    for (Path q = p.toAbsolutePath(); q != null; q = q.getParent()) {
      if (Files.isRegularFile(q)) {
        throw new CliException(q.equals(p.toAbsolutePath())
            ? location + " is a file, not a table; give the table's directory (the one holding _delta_log/)."
            : location + " lies under the file " + q + ", not a directory; give a table directory path.");
      }
    }
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
