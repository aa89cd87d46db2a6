package io.tidelake.tests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.store.FileInfo;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.table.Table;
import io.tidelake.table.internal.log.LogPaths;
import io.tidelake.tests.s3.TestData;
import java.util.Arrays;
import java.util.List;

/**
 * Checks the outcome of many concurrent appends of disjoint id ranges: the versions are contiguous and
 * as many as the appends, and every row is there exactly once. Prints the lost and duplicated counts.
 */
final class AppendAudit {
  private AppendAudit() {}

  /** Verifies {@code appends} commits after v0 holding ids {@code [0, expectedRows)}; returns a summary line. */
  static String verify(String what, ObjectStore store, String location, int appends, long expectedRows) {
    List<Long> versions = store.list(LogPaths.logDir(location), null).stream().map(FileInfo::name)
        .map(LogPaths::deltaVersion).filter(v -> v >= 0).toList();
    long[] ids = TestData.ids(Table.open(store, location));
    long distinct = Arrays.stream(ids).distinct().count();
    long duplicated = ids.length - distinct;
    long lost = expectedRows - Arrays.stream(ids).filter(id -> id >= 0 && id < expectedRows).distinct().count();
    long foreign = Arrays.stream(ids).filter(id -> id < 0 || id >= expectedRows).count();
    String line = what + ": " + appends + " appends -> versions 0.." + (versions.isEmpty() ? -1 : versions.get(versions.size() - 1))
        + " (" + versions.size() + " commit files); rows expected " + expectedRows + ", read " + ids.length
        + "; lost rows: " + lost + ", duplicated rows: " + duplicated + ", unexpected rows: " + foreign;
    System.out.println(line);
    assertThat(versions).as("contiguous versions 0..%d", appends).hasSize(appends + 1)
        .isEqualTo(java.util.stream.LongStream.rangeClosed(0, appends).boxed().toList());
    assertThat(lost).as("lost rows").isZero();
    assertThat(duplicated).as("duplicated rows").isZero();
    assertThat(foreign).as("unexpected rows").isZero();
    return line;
  }
}
