package io.tidelake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.CloseableIterator;
import io.tidelake.format.Row;
import io.tidelake.table.Table;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input is stored exactly as written or refused with an error naming file, line (1-based) and column:
 * never silently altered (U+FFFD for bad bytes, '?' for lone surrogates, Infinity or 0 for out-of-range
 * floats, 0.0 for -0.0, a date cut from a timestamp).
 */
class InputFidelityTest {
  @TempDir
  Path dir;

  String table;

  @BeforeEach
  void createTable() {
    table = dir.resolve("t").toString();
    Tide.ok("create", table, "--schema", "id long not null, s string, f float, d double, day date");
  }

  @Test
  void invalidUtf8IsAnErrorAtItsLineInFilesAndOnStdin() throws IOException {
    byte[] csv = bytes("id,s\n1,ok\n2,caf", new byte[] {(byte) 0xC3, (byte) 0x28}, "\n");
    Path file = dir.resolve("bad.csv");
    Files.write(file, csv);
    Tide.Result r = Tide.run("write", table, "--input", file.toString());
    assertUserError(r, file + " line 3, column 6: invalid UTF-8");

    Tide.Result stdin = withStdin(csv, () -> Tide.run("write", table, "--input", "-", "--format", "csv"));
    assertUserError(stdin, "<stdin> line 3, column 6: invalid UTF-8");

    // an encoded surrogate (ED A0 80) is not UTF-8 either
    byte[] jsonl = bytes("{\"id\":1,\"s\":\"", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\"}\n");
    Tide.Result sur = withStdin(jsonl, () -> Tide.run("write", table, "--input", "-", "--format", "jsonl"));
    assertUserError(sur, "<stdin> line 1, column 14: invalid UTF-8", "surrogate");
    assertThat(rows()).isEmpty();
  }

  @Test
  void validUtf8IncludingSupplementaryCharactersRoundTrips() throws IOException {
    String s = "caf\u00e9 \ud83d\ude00 \u4e2d";
    Tide.Result r = withStdin(("{\"id\":1,\"s\":\"" + s + "\"}\n").getBytes(StandardCharsets.UTF_8),
        () -> Tide.run("write", table, "--input", "-", "--format", "jsonl"));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(rows()).singleElement().satisfies(row -> assertThat(row.get("s")).isEqualTo(s));
  }

  @Test
  void aLoneSurrogateEscapeIsRefused() throws IOException {
    String in = file("s.jsonl", "{\"id\":1,\"s\":\"ok\"}\n{\"id\":2,\"s\":\"a\\ud800b\"}\n");
    assertUserError(Tide.run("write", table, "--input", in), in + " line 2: ", "'s'", "lone surrogate \\uD800");
  }

  @Test
  void floatOverflowAndUnderflowAreRefusedNotInfinityOrZero() throws IOException {
    String[][] cases = {
        {"{\"id\":1,\"f\":1e39}", "'f'", "1e39 is out of range for float"},
        {"{\"id\":1,\"d\":1e309}", "'d'", "1e309 is out of range for double"},
        {"{\"id\":1,\"d\":4.9e-325}", "'d'", "4.9e-325 is too small for double"},
        {"{\"id\":1,\"f\":\"1e39\"}", "'f'", "out of range for float"},
    };
    for (String[] c : cases) {
      String in = file("x.jsonl", "{\"id\":0}\n" + c[0] + "\n");
      assertUserError(Tide.run("write", table, "--input", in), in + " line 2: ", c[1], c[2]);
    }
    String csv = file("x.csv", "id,d\n1,1e309\n");
    assertUserError(Tide.run("write", table, "--input", csv), csv + " line 2: ", "'d'", "out of range for double");
    String tiny = file("y.csv", "id,f\n1,1e-50\n");
    assertUserError(Tide.run("write", table, "--input", tiny), "line 2: ", "'f'", "too small for float");
    String big = file("z.jsonl", "{\"id\":99999999999999999999}\n");
    assertUserError(Tide.run("write", table, "--input", big), "line 1: ", "'id'", "out of range for long");
    // Infinity written as such is a value, not an overflow
    Tide.ok("write", table, "--input", file("inf.jsonl", "{\"id\":1,\"d\":\"Infinity\",\"f\":\"-Infinity\"}\n"));
    assertThat(rows()).singleElement().satisfies(row -> {
      assertThat(row.get("d")).isEqualTo(Double.POSITIVE_INFINITY);
      assertThat(row.get("f")).isEqualTo(Float.NEGATIVE_INFINITY);
    });
  }

  @Test
  void negativeZeroAndExactDigitsArePreserved() throws IOException {
    Tide.ok("write", table, "--input", file("z.jsonl", "{\"id\":1,\"f\":-0.0,\"d\":-0.0}\n"
        + "{\"id\":2,\"f\":0.1,\"d\":0.1}\n"));
    Tide.ok("write", table, "--input", file("z.csv", "id,f,d\n3,-0.0,-0.0\n"));
    List<Row> rows = rows();
    assertThat(rows).hasSize(3);
    for (Row r : rows) {
      long id = (Long) r.get("id");
      if (id == 2) {
        assertThat(r.get("f")).isEqualTo(0.1f);
        assertThat(r.get("d")).isEqualTo(0.1d);
      } else {
        assertThat(Float.floatToRawIntBits((Float) r.get("f"))).isEqualTo(Float.floatToRawIntBits(-0.0f));
        assertThat(Double.doubleToRawLongBits((Double) r.get("d"))).isEqualTo(Double.doubleToRawLongBits(-0.0d));
      }
    }
  }

  @Test
  void aTimestampIsNotCutDownToADate() throws IOException {
    String in = file("d.csv", "id,day\n1,2025-01-31T23:30:00-05:00\n");
    assertUserError(Tide.run("write", table, "--input", in), in + " line 2: ", "'day'", "is a timestamp, not a date");
    String js = file("d.jsonl", "{\"id\":1,\"day\":\"2025-01-31 10:00:00\"}\n");
    assertUserError(Tide.run("write", table, "--input", js), js + " line 1: ", "'day'", "not a date");
  }

  @Test
  void aWholeNumberWithADecimalPointIsExplainedPlainly() throws IOException {
    String in = file("i.jsonl", "{\"id\":1.0}\n");
    assertUserError(Tide.run("write", table, "--input", in), "line 1: ", "'id'",
        "1.0 is not written as a plain whole number; long columns take whole numbers without a decimal point or "
            + "exponent (write 1)");
    String exp = file("e.jsonl", "{\"id\":\"1e3\"}\n{\"id\":2E+2}\n");
    assertUserError(Tide.run("write", table, "--input", exp), "line 1: ", "'id'", "(write 1000)");
    String frac = file("i.csv", "id\n2.5\n");
    assertUserError(Tide.run("write", table, "--input", frac), "line 2: ", "'id'", "2.5 has a fraction");
  }

  @Test
  void aNullInANonNullColumnNamesTheLineNotARowIndex() throws IOException {
    String in = file("n.jsonl", "{\"s\":\"x\"}\n");
    Tide.Result r = Tide.run("write", table, "--input", in);
    assertUserError(r, in + " line 1: ", "'id'");
    assertThat(r.err()).doesNotContain("row 0");
  }

  @Test
  void aDirectoryAsInputIsAUserError() {
    assertUserError(Tide.run("write", table, "--input", dir.toString(), "--format", "csv"), "is a directory");
  }

  private List<Row> rows() {
    List<Row> out = new ArrayList<>();
    try (Table t = Table.open(table); CloseableIterator<Row> it = t.newScan().rows()) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  private static byte[] bytes(String a, byte[] mid, String b) {
    byte[] x = a.getBytes(StandardCharsets.UTF_8);
    byte[] z = b.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[x.length + mid.length + z.length];
    System.arraycopy(x, 0, out, 0, x.length);
    System.arraycopy(mid, 0, out, x.length, mid.length);
    System.arraycopy(z, 0, out, x.length + mid.length, z.length);
    return out;
  }

  static Tide.Result withStdin(byte[] data, java.util.function.Supplier<Tide.Result> run) {
    InputStream old = System.in;
    System.setIn(new ByteArrayInputStream(data));
    try {
      return run.get();
    } finally {
      System.setIn(old);
    }
  }

  private String file(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p.toString();
  }

  static void assertUserError(Tide.Result r, String... parts) {
    assertThat(r.exit()).as("exit code; stderr: " + r.err()).isEqualTo(1);
    assertThat(r.errLines()).as("stderr lines").hasSize(1);
    for (String p : parts) {
      assertThat(r.err()).contains(p);
    }
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("[Source:");
  }
}
