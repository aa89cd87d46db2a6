package io.tidelake.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.cli.CanonicalRows;
import io.tidelake.format.GenericRow;
import io.tidelake.format.Row;
import io.tidelake.format.types.StructType;
import io.tidelake.table.ChangeFeed;
import io.tidelake.table.Table;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The change data feed of Delta tables written by delta-spark (and Databricks, for deletion vectors) that
 * carry {@code _change_data}: Tidelake returns exactly the change rows their reference readers return
 * (resources/cdf/README.md gives each expectation's provenance). {@code _commit_timestamp} is left out of
 * the comparison: it is a commit file's modification time, which a copy does not keep.
 */
class ChangeFeedGoldenTest {
  @TempDir Path tmp;

  record Case(String table, long start, long end, long rows, String sha256) {
    @Override
    public String toString() {
      return table + " [" + start + ", " + end + "]";
    }
  }

  static Path root() throws URISyntaxException {
    return Path.of(ChangeFeedGoldenTest.class.getResource("/cdf/expected.tsv").toURI()).getParent();
  }

  static Stream<Case> cases() throws Exception {
    List<Case> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(root().resolve("expected.tsv"), StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] c = line.split("\t");
      String[] exp = c[4].split(" ");
      out.add(new Case(c[0], Long.parseLong(c[1]), Long.parseLong(c[2]), Long.parseLong(exp[0].substring(5)),
          exp[1].substring(7)));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void changeFeedMatchesTheReferenceReaders(Case c) throws Exception {
    Path copy = Interop.copy(root().resolve(c.table()), tmp.resolve(c.table()));
    try (Table t = Table.open(copy.toString())) {
      ChangeFeed feed = t.changeFeed(c.start(), c.end());
      StructType withoutTimestamp = feed.schema().select(feed.schema().fieldNames()
          .subList(0, feed.schema().size() - 1));
      List<Row> rows = new ArrayList<>();
      for (Row r : feed.toList()) {
        Object[] v = new Object[withoutTimestamp.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = r.get(i);
        }
        rows.add(GenericRow.trusted(withoutTimestamp, v));
      }
      List<String> lines = CanonicalRows.renderSorted(rows.iterator());
      List<String> expected = new ArrayList<>();
      for (String l : Files.readAllLines(root().resolve(c.table() + ".changes.jsonl"), StandardCharsets.UTF_8)) {
        long v = Long.parseLong(l.replaceAll(".*\"_commit_version\":(\\d+).*", "$1"));
        if (v >= c.start() && v <= c.end()) {
          expected.add(l);
        }
      }
      assertThat(lines).as("change rows of " + c).containsExactlyElementsOf(expected);
      assertThat(lines).hasSize((int) c.rows());
      assertThat(CanonicalRows.sha256(lines)).isEqualTo(c.sha256());
    }
  }
}
