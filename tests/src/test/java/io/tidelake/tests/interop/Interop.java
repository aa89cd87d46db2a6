package io.tidelake.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.cli.CanonicalRows;
import io.tidelake.format.Row;
import io.tidelake.table.Snapshot;
import io.tidelake.table.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Assertions shared by the Kernel interoperability tests. */
final class Interop {
  private Interop() {}

  /**
   * Kernel reads the table at Tidelake's newest version with the same version, schema, partition columns,
   * live file count and rows (canonical form). Returns Kernel's read.
   */
  static Kernel.Read assertKernelAgrees(Table t) {
    Snapshot s = t.snapshot();
    return assertKernelAgrees(s, Kernel.read(t.location()));
  }

  /** As {@link #assertKernelAgrees(Table)} for a time-travelled version. */
  static Kernel.Read assertKernelAgreesAt(Table t, long version) {
    return assertKernelAgrees(t.snapshotAt(version), Kernel.read(t.location(), version));
  }

  private static Kernel.Read assertKernelAgrees(Snapshot s, Kernel.Read k) {
    assertThat(k.version()).as("version").isEqualTo(s.version());
    assertThat(k.schema()).as("schema at v" + s.version()).isEqualTo(s.schema());
    assertThat(k.partitionColumns()).as("partition columns").isEqualTo(s.partitionColumns());
    assertThat(k.files()).as("live files at v" + s.version()).isEqualTo(s.numFiles());
    assertThat(k.lines()).as("rows at v" + s.version()).containsExactlyElementsOf(Kernel.canonical(s.newScan().rows()));
    return k;
  }

  /** The canonical lines of rows given in a test (the expectation independent of both readers). */
  static List<String> canonical(List<Row> rows) {
    return CanonicalRows.renderSorted(rows.iterator());
  }

  /** Copies a table directory (to damage or trim the copy, never the original). */
  static Path copy(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return to;
  }

  /**
   * Deletes the commit files below {@code version} and {@code _last_checkpoint}, as log cleanup would:
   * a reader must then get the table state from the checkpoint at {@code version}.
   */
  static void deleteCommitsBefore(Path table, long version) {
    try {
      for (long v = 0; v < version; v++) {
        Files.deleteIfExists(table.resolve("_delta_log").resolve(String.format("%020d.json", v)));
        Files.deleteIfExists(table.resolve("_delta_log").resolve(String.format(".%020d.json.crc", v)));
      }
      Files.deleteIfExists(table.resolve("_delta_log").resolve("_last_checkpoint"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
