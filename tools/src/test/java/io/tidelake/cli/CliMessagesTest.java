package io.tidelake.cli;

import static io.tidelake.cli.InputFidelityTest.assertUserError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidelake.table.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Error messages speak CLI: one line, the likely fix, no Java exception text, no doubled words or hints. */
class CliMessagesTest {
  @TempDir
  Path dir;

  String table;

  @BeforeEach
  void createTable() throws IOException {
    table = dir.resolve("t").toString();
    Tide.ok("create", table, "--schema", "id long not null, country string, day date");
    Path in = dir.resolve("a.csv");
    Files.writeString(in, "id,country,day\n1,DE,2025-01-01\n2,FR,2025-01-02\n");
    Tide.ok("write", table, "--input", in.toString());
  }

  @Test
  void aPlainFileAsTableSaysSoWithTheFix() throws IOException {
    Path f = dir.resolve("notes.txt");
    Files.writeString(f, "x");
    for (String cmd : new String[] {"cat", "describe", "history"}) {
      Tide.Result r = Tide.run(cmd, f.toString());
      assertUserError(r, f + " is a file, not a table", "directory");
      assertThat(r.err()).doesNotContain("java.").doesNotContain("Not a directory");
    }
    assertUserError(Tide.run("create", f.toString(), "--schema", "id long"), "is a file, not a table");
    assertUserError(Tide.run("create", f.resolve("t").toString(), "--schema", "id long"), "lies under the file");
  }

  @Test
  void schemaTypeErrorNamesTheColumn() {
    Tide.Result r = Tide.run("create", dir.resolve("u").toString(), "--schema", "x int, y varchar");
    assertUserError(r, "Unsupported data type 'varchar' for column 'y'");
  }

  @Test
  void unquotedTextOrDatesAndDoubleQuotesInPredicatesSuggestQuotes() {
    assertUserError(Tide.run("cat", table, "--where", "country = DE"), "did you mean 'DE'?");
    assertUserError(Tide.run("cat", table, "--where", "country IN (DE, FR)"), "did you mean 'DE'?");
    assertUserError(Tide.run("cat", table, "--where", "day >= 2025-01-01"), "did you mean '2025-01-01'?");
    assertUserError(Tide.run("cat", table, "--where", "country = \"DE\""), "single quotes", "did you mean 'DE'?");
    // a real unknown column keeps the plain message
    Tide.Result r = Tide.run("cat", table, "--where", "contry = 'DE'");
    assertUserError(r, "Unknown column 'contry'");
    assertThat(r.err()).doesNotContain("did you mean 'contry'");
  }

  @Test
  void columnsAreTrimmedAndMisspellingsGetASuggestion() {
    assertThat(Tide.ok("cat", table, "--columns", "id, country", "--format", "csv").outLines())
        .containsExactly("id,country", "1,DE", "2,FR");
    assertUserError(Tide.run("cat", table, "--columns", "id,contry"), "unknown column 'contry'",
        "did you mean 'country'?");
  }

  @Test
  void aJsonlByteOrderMarkIsAcceptedLikeCsvs() throws IOException {
    Path in = dir.resolve("bom.jsonl");
    Files.writeString(in, "\uFEFF{\"id\":3,\"country\":\"NL\"}\n");
    Tide.ok("write", table, "--input", in.toString());
    Path csv = dir.resolve("bom.csv");
    Files.writeString(csv, "\uFEFFid,country\n4,PL\n");
    Tide.ok("write", table, "--input", csv.toString());
    assertThat(Table.open(table).newScan().count()).isEqualTo(4);
  }

  @Test
  void badJsonHasNoJacksonInternalsAndTheRightLine() throws IOException {
    Path in = dir.resolve("bad.jsonl");
    Files.writeString(in, "{\"id\":5}\n\n{\"id\":6,,}\n");
    Tide.Result r = Tide.run("write", table, "--input", in.toString());
    assertUserError(r, in + " line 3, column 9: not valid JSON");
    assertThat(r.err()).doesNotContain("Source").doesNotContain("REDACTED").doesNotContain("code 44");
  }

  @Test
  void createOnAnExistingTableSpeaksCli() {
    Tide.Result r = Tide.run("create", table, "--schema", "id long");
    assertUserError(r, "already exists at " + table, "tide write");
    assertThat(r.err()).doesNotContain("Table.open");
  }

  @Test
  void noDoubledWordsOrHelpHints() {
    Tide.Result r = Tide.run("describe", table, "--store-option", "novalue");
    assertUserError(r, "--store-option");
    assertThat(r.err()).doesNotContain("option option");
    Tide.Result none = Tide.run();
    assertUserError(none, "missing command");
    assertThat(none.err().split("--help", -1)).hasSize(2);
  }

  @Test
  void jsonCommandsPrintErrorsAsOneJsonDocument() throws Exception {
    String nowhere = dir.resolve("nowhere").toString();
    for (String cmd : new String[] {"describe", "history"}) {
      Tide.Result r = Tide.run(cmd, nowhere, "--json");
      assertThat(r.exit()).isEqualTo(1);
      JsonNode e = JsonValues.MAPPER.readTree(r.out()).get("error");
      assertThat(e.get("type").asText()).isEqualTo("TableNotFoundException");
      assertThat(e.get("message").asText()).contains("No Delta table at " + nowhere);
      assertThat(e.get("exitCode").asInt()).isEqualTo(1);
      assertThat(r.outLines()).hasSize(1);
      assertThat(r.errLines()).hasSize(1);
    }
    Tide.Result usage = Tide.run("history", table, "--json", "--limit", "0");
    assertThat(JsonValues.MAPPER.readTree(usage.out()).get("error").get("type").asText()).isEqualTo("UsageError");
    Tide.Result bogus = Tide.run("describe", table, "--json", "--bogus");
    assertThat(JsonValues.MAPPER.readTree(bogus.out()).get("error").get("exitCode").asInt()).isEqualTo(1);
  }

  @Test
  void helpExamplesDoNotWrapInsideQuotes() {
    for (String cmd : new String[] {"quickstart", "create", "write", "cat", "describe", "history"}) {
      for (String line : Tide.ok(cmd, "--help").outLines()) {
        assertThat(line.chars().filter(c -> c == '"').count() % 2).as("%s --help line: %s", cmd, line).isZero();
        if (line.startsWith("  tide ") || line.startsWith("      --where \"")) {
          assertThat(line.chars().filter(c -> c == '\'').count() % 2).as("%s --help line: %s", cmd, line).isZero();
        }
      }
    }
  }

  @Test
  void unknownDeltaPropertiesAreRefusedAtCreate() {
    Tide.Result r = Tide.run("create", dir.resolve("u").toString(), "--schema", "id long", "--property",
        "delta.appendOnlyy=true");
    assertUserError(r, "Unknown Delta table property 'delta.appendOnlyy'", "did you mean 'delta.appendOnly'?");
    assertThat(Files.exists(dir.resolve("u").resolve("_delta_log"))).isFalse();
  }

  @Test
  void aTimestampAfterTheLatestCommitIsAnError() {
    Tide.Result r = Tide.run("cat", table, "--timestamp", "2999-01-01");
    assertUserError(r, "The provided timestamp (2999-01-01T00:00:00Z) is after the latest version available to "
        + "this table", "version 1");
    long v1 = Table.open(table).snapshot().timestamp();
    Tide.ok("cat", table, "--timestamp", String.valueOf(v1));
  }
}
