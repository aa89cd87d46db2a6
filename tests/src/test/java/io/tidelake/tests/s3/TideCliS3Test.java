package io.tidelake.tests.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.cli.TideCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The tide CLI on an s3:// table in the in-process S3Proxy: the flags an operator would type. */
class TideCliS3Test {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run tide(S3TestServer s3, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    // the endpoint by flag; credentials as store options (there are deliberately no secret flags)
    all.addAll(List.of("--endpoint", s3.endpoint().toString(), "--region", "us-east-1",
        "--store-option", "s3.access-key-id=" + S3TestServer.ACCESS_KEY,
        "--store-option", "s3.secret-access-key=" + S3TestServer.SECRET_KEY));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new TideCli());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void createWriteCatHistoryOnS3() throws Exception {
    S3TestServer s3 = S3TestServer.shared();
    String table = "s3://" + s3.newBucket() + "/warehouse/events";
    Path input = dir.resolve("in.jsonl");
    Files.writeString(input, "{\"id\":1,\"day\":\"2025-01-01\",\"v\":\"a\"}\n{\"id\":2,\"day\":\"2025-01-02\",\"v\":\"b\"}\n");

    Run create = tide(s3, "create", table, "--schema", "id long not null, day date, v string", "--partition-by", "day");
    assertThat(create.exit()).as(create.err()).isZero();
    Run write = tide(s3, "write", table, "--input", input.toString(), "--format", "jsonl",
        "--txn-app", "cli-test", "--txn-version", "1");
    assertThat(write.exit()).as(write.err()).isZero();
    Run again = tide(s3, "write", table, "--input", input.toString(), "--format", "jsonl",
        "--txn-app", "cli-test", "--txn-version", "1");
    assertThat(again.exit()).isZero();
    assertThat(again.out()).containsIgnoringCase("skipped");

    Run cat = tide(s3, "cat", table, "--format", "canonical", "--where", "day = '2025-01-02'");
    assertThat(cat.exit()).as(cat.err()).isZero();
    assertThat(cat.out().trim()).isEqualTo("{\"id\":2,\"day\":\"2025-01-02\",\"v\":\"b\"}");
    Run history = tide(s3, "history", table, "--json");
    assertThat(history.out()).contains("\"WRITE\"").contains("\"CREATE TABLE\"");

    Run missing = tide(s3, "describe", "s3://" + s3.newBucket() + "/nothing-here");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).startsWith("tide: ").contains("No Delta table");
  }
}
