package io.tidelake.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.RemoveFile;
import io.tidelake.table.internal.DataPaths;
import io.tidelake.table.internal.commit.ConflictChecker;
import io.tidelake.table.internal.commit.ReadSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log path is a URI: the same file may be added with one spelling and removed with another (relative or
 * absolute, with or without {@code file:}, percent-encoded or not), as logs mixed from several engines
 * do. Replay and conflict checks must treat them as one file.
 */
class PathSpellingTest {
  @TempDir
  Path dir;

  private static final String SCHEMA = "{\\\"type\\\":\\\"struct\\\",\\\"fields\\\":[{\\\"name\\\":\\\"id\\\","
      + "\\\"type\\\":\\\"long\\\",\\\"nullable\\\":true,\\\"metadata\\\":{}}]}";

  private void commit(int v, String... lines) throws IOException {
    Path log = dir.resolve("_delta_log");
    Files.createDirectories(log);
    Files.writeString(log.resolve(String.format("%020d.json", v)), String.join("\n", lines) + "\n");
  }

  private static String add(String path) {
    return "{\"add\":{\"path\":\"" + path + "\",\"partitionValues\":{},\"size\":1,\"modificationTime\":0,"
        + "\"dataChange\":true}}";
  }

  private static String remove(String path) {
    return "{\"remove\":{\"path\":\"" + path + "\",\"deletionTimestamp\":1,\"dataChange\":true}}";
  }

  @Test
  void addsAndRemovesMatchWhateverTheSpelling() throws IOException {
    String root = dir.toString();
    commit(0, "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":2}}",
        "{\"metaData\":{\"id\":\"p\",\"format\":{\"provider\":\"parquet\",\"options\":{}},\"schemaString\":\""
            + SCHEMA + "\",\"partitionColumns\":[],\"configuration\":{},\"createdTime\":0}}");
    commit(1, add("a.parquet"), add("file:" + root + "/b.parquet"), add("c%20d.parquet"), add("e.parquet"));
    commit(2, remove(root + "/a.parquet"), remove("b.parquet"), remove("file://" + root + "/c%20d.parquet"),
        add("./f.parquet"));
    commit(3, remove("f.parquet"), remove("file:" + root + "/e.parquet"), add("g.parquet"));
    Table t = Table.open(root);
    assertThat(t.snapshotAt(1).files()).hasSize(4);
    assertThat(t.snapshotAt(2).files()).extracting(AddFile::path).containsExactlyInAnyOrder("e.parquet", "./f.parquet");
    assertThat(t.snapshot().files()).extracting(AddFile::path).containsExactly("g.parquet");
  }

  @Test
  void canonicalSpellingIsRelativeAndDecodedUnderTheRootAbsoluteOutsideIt() {
    String root = "/data/t";
    assertThat(DataPaths.canonical(root, "date=2025-01-01/x.parquet")).isEqualTo("date=2025-01-01/x.parquet");
    assertThat(DataPaths.canonical(root, "date=2025-01-01/x%3Ay.parquet")).isEqualTo("date=2025-01-01/x:y.parquet");
    assertThat(DataPaths.canonical(root, "/data/t/x.parquet")).isEqualTo("x.parquet");
    assertThat(DataPaths.canonical(root, "file:/data/t/x.parquet")).isEqualTo("x.parquet");
    assertThat(DataPaths.canonical(root, "file:///data/t/x.parquet")).isEqualTo("x.parquet");
    assertThat(DataPaths.canonical(root, "/elsewhere/x.parquet")).isEqualTo("///elsewhere/x.parquet");
    assertThat(DataPaths.canonical(root, "../x.parquet")).isEqualTo("//?../x.parquet"); // refused when read
    // a relative name that decodes to a URI-like string is not the external file of that URI
    assertThat(DataPaths.canonical("s3://b/t", "s3%3A/b/x.parquet"))
        .isNotEqualTo(DataPaths.canonical("s3://b/t", "s3://b/x.parquet"));
    assertThat(DataPaths.canonical("s3://b/t", "s3://b/t/p%20q.parquet")).isEqualTo("p q.parquet");
  }

  @Test
  void aRemoveSpelledDifferentlyStillConflictsWithTheReadOfThatFile() {
    ReadSet reads = new ReadSet(2, false, f -> false, Set.of("a.parquet"), Set.of());
    List<Action> winner = List.of(
        new RemoveFile("file:/data/t/a.parquet", 5L, true, null, null, null, null, null, null, null, null));
    assertThatThrownBy(() -> ConflictChecker.check("/data/t", reads, List.of(), winner, 3,
        ConflictChecker.Isolation.SERIALIZABLE))
        .isInstanceOf(ConflictException.class).hasMessageContaining("removed");
    // without the root the spellings differ: the same check passes (what the root-aware check fixes)
    ConflictChecker.check(reads, List.of(), winner, 3, ConflictChecker.Isolation.SERIALIZABLE);
  }
}
