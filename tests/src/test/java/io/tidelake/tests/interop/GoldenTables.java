package io.tidelake.tests.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The golden Delta tables copied into this module's test resources (see golden/NOTICE) and the
 * expectations of {@code golden/expected.tsv}, computed by Delta Kernel 4.4.0. The copies make the
 * tests work in a fresh clone, which has no {@code ../shared}.
 */
final class GoldenTables {
  private static final Pattern EXPECTED = Pattern.compile(
      "version=(\\d+)(?: files=(\\d+) dvFiles=(\\d+))?(?: rows=(\\d+))?(?: sha256=([0-9a-f]{64}))?(?: schema=(.*))?");

  private GoldenTables() {}

  /** The directory holding the golden tables (Maven copies test resources to target/test-classes). */
  static Path root() {
    URL url = GoldenTables.class.getResource("/golden/expected.tsv");
    if (url == null) {
      throw new IllegalStateException("golden/expected.tsv is not on the test classpath; "
          + "it belongs in tests/src/test/resources/golden/");
    }
    try {
      return Path.of(url.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * One line of expected.tsv.
   *
   * @param versionArg null for the latest version, else the version to time-travel to
   * @param failure the Kernel exception line for a table that must fail to load, else null
   * @param files live files, or -1 when the line does not say
   * @param rows live rows, or -1 for log-only tables (data files absent)
   * @param sha256 canonical row hash, or null for log-only tables
   * @param schemaJson the expected schema, when the line gives one
   */
  record Expectation(String table, Long versionArg, String what, long version, int files, int dvFiles, long rows,
      String sha256, String schemaJson, String failure) {

    boolean mustFail() {
      return failure != null;
    }

    boolean logOnly() {
      return failure == null && rows < 0;
    }

    @Override
    public String toString() {
      return table + (versionArg == null ? "" : "@v" + versionArg);
    }
  }

  static List<Expectation> expectations() {
    List<String> lines;
    try {
      lines = Files.readAllLines(root().resolve("expected.tsv"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Expectation> out = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) { // first line is the header
      if (line.isBlank()) {
        continue;
      }
      String[] cols = line.split("\t", -1);
      if (cols.length != 4) {
        throw new IllegalStateException("expected.tsv line has " + cols.length + " columns, not 4: " + line);
      }
      Long versionArg = cols[1].isEmpty() ? null : Long.valueOf(cols[1]);
      String expected = cols[3];
      if (expected.startsWith("io.delta.kernel.exceptions.")) {
        out.add(new Expectation(cols[0], versionArg, cols[2], -1, -1, -1, -1, null, null, expected));
        continue;
      }
      // log-only lines end with "(log-only: ...)": drop the remark
      String spec = expected.replaceFirst("\\s*\\(log-only:.*\\)$", "");
      Matcher m = EXPECTED.matcher(spec);
      if (!m.matches()) {
        throw new IllegalStateException("Unrecognised expectation in expected.tsv: " + expected);
      }
      out.add(new Expectation(cols[0], versionArg, cols[2], Long.parseLong(m.group(1)),
          m.group(2) == null ? -1 : Integer.parseInt(m.group(2)),
          m.group(3) == null ? -1 : Integer.parseInt(m.group(3)),
          m.group(4) == null ? -1 : Long.parseLong(m.group(4)),
          m.group(5), m.group(6), null));
    }
    return out;
  }
}
