package io.tidelake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** create + write (jsonl, csv) + cat in every format gives back exactly the rows written. */
class WriteCatRoundTripTest {
  static final String SCHEMA = "id int not null, b boolean, by byte, sh short, l long, f float, d double, "
      + "dec decimal(10,2), s string, bin binary, dt date, ts timestamp, ntz timestamp_ntz";
  static final String NO_BINARY = "id,b,by,sh,l,f,d,dec,s,dt,ts,ntz";

  // The rows in canonical form, sorted: the contract of /work/shared/golden/README.md
  static final List<String> CANONICAL = List.of(
      "{\"id\":1,\"b\":true,\"by\":-5,\"sh\":300,\"l\":9007199254740993,\"f\":1.5,\"d\":-0.1,\"dec\":12.30,"
          + "\"s\":\"say \\\"hi\\\"\\n\\tback\\\\slash\\u0001\u00e9\",\"bin\":0x00ff10,\"dt\":\"2025-01-31\","
          + "\"ts\":\"2025-01-31T10:00:00.123456Z\",\"ntz\":\"2025-01-31T10:00:00.000000\"}",
      "{\"id\":2,\"b\":null,\"by\":null,\"sh\":null,\"l\":null,\"f\":null,\"d\":null,\"dec\":null,\"s\":null,"
          + "\"bin\":null,\"dt\":null,\"ts\":null,\"ntz\":null}",
      "{\"id\":3,\"b\":false,\"by\":127,\"sh\":-1,\"l\":0,\"f\":NaN,\"d\":1.0E-5,\"dec\":0.50,\"s\":\"a,b \\\"q\\\"\","
          + "\"bin\":0x6869,\"dt\":\"2024-02-29\",\"ts\":\"2024-02-29T23:59:59.000000Z\","
          + "\"ntz\":\"2024-02-29T23:59:59.500000\"}",
      "{\"id\":4,\"b\":null,\"by\":null,\"sh\":null,\"l\":null,\"f\":null,\"d\":null,\"dec\":null,\"s\":\"\","
          + "\"bin\":null,\"dt\":null,\"ts\":null,\"ntz\":null}",
      "{\"id\":5,\"b\":null,\"by\":null,\"sh\":null,\"l\":null,\"f\":-Infinity,\"d\":null,\"dec\":-1000.00,"
          + "\"s\":\"line1\\r\\nline2\",\"bin\":null,\"dt\":null,\"ts\":null,\"ntz\":null}");

  @TempDir
  Path dir;

  @Test
  void jsonlAndCsvRowsComeBackExactlyInEveryFormat() throws IOException {
    String t = dir.resolve("all-types").toString();
    Tide.ok("create", t, "--schema", SCHEMA);

    Path jsonl = write("in.jsonl",
        "{\"id\":1,\"b\":true,\"by\":-5,\"sh\":300,\"l\":9007199254740993,\"f\":1.5,\"d\":-0.1,\"dec\":\"12.3\","
            + "\"s\":\"say \\\"hi\\\"\\n\\tback\\\\slash\\u0001\u00e9\",\"bin\":\"AP8Q\",\"dt\":\"2025-01-31\","
            + "\"ts\":\"2025-01-31T11:00:00.123456+01:00\",\"ntz\":\"2025-01-31T10:00:00\"}\n"
            + "\n" // blank lines are skipped
            + "{\"id\":2,\"s\":null}\n");
    Tide.Result w1 = Tide.ok("write", t, "--input", jsonl.toString(), "--format", "jsonl");
    assertThat(w1.out()).startsWith("Committed version 1 of ").contains("append, 2 rows in 1 new file");

    // CRLF line ends, a quoted cell with a comma and quotes, "" (empty string) vs nothing (null), and a
    // quoted cell spanning lines
    Path csv = write("in.csv", "id,b,by,sh,l,f,d,dec,s,bin,dt,ts,ntz\r\n"
        + "3,false,127,-1,0,NaN,1.0E-5,0.5,\"a,b \"\"q\"\"\",hi,2024-02-29,2024-02-29 23:59:59,"
        + "2024-02-29T23:59:59.5\r\n"
        + "4,,,,,,,,\"\",,,,\r\n"
        + "5,,,,,-Infinity,,-1E+3,\"line1\r\nline2\",,,,\r\n");
    Tide.ok("write", t, "--input", csv.toString()); // format from the extension

    assertThat(Tide.ok("cat", t, "--format", "canonical").outLines()).containsExactlyElementsOf(CANONICAL);

    // jsonl out -> jsonl in: identical rows (binary as base64, NaN/Infinity as strings, exact decimals)
    String jsonlOut = Tide.ok("cat", t, "--format", "jsonl").out();
    for (String line : jsonlOut.lines().toList()) {
      assertThat(new ObjectMapper().readTree(line).isObject()).isTrue();
    }
    String copy = dir.resolve("copy-jsonl").toString();
    Tide.ok("create", copy, "--schema", SCHEMA);
    Tide.ok("write", copy, "--input", write("out.jsonl", jsonlOut).toString(), "--format", "jsonl");
    assertThat(Tide.ok("cat", copy, "--format", "canonical").outLines()).containsExactlyElementsOf(CANONICAL);

    // csv out -> csv in; binary is left out: csv carries it as UTF-8 text, which 0x00ff10 is not
    String csvOut = Tide.ok("cat", t, "--format", "csv", "--columns", NO_BINARY).out();
    assertThat(csvOut.lines().findFirst()).hasValue(NO_BINARY);
    String csvCopy = dir.resolve("copy-csv").toString();
    Tide.ok("create", csvCopy, "--schema", SCHEMA.replace("bin binary, ", ""));
    Tide.ok("write", csvCopy, "--input", write("out.csv", csvOut).toString(), "--format", "csv");
    assertThat(Tide.ok("cat", csvCopy, "--format", "canonical").outLines())
        .containsExactlyElementsOf(Tide.ok("cat", t, "--format", "canonical", "--columns", NO_BINARY).outLines());

    Tide.Result table = Tide.ok("cat", t, "--columns", "id,s,bin", "--where", "id <= 3");
    assertThat(table.outLines().get(0)).matches("id\\s+s\\s+bin");
    assertThat(table.out()).contains("0x00ff10").contains("say \"hi\"\\n\\tback").contains("(3 rows)");
  }

  @Test
  void nestedValuesFromJsonlAndCsv() throws IOException {
    String t = dir.resolve("nested").toString();
    Tide.ok("create", t, "--schema",
        "id long, st struct<x:int,y:string>, arr array<long>, m map<string,int>, dm map<date,decimal(5,1)>");
    Tide.ok("write", t, "--input", write("n.jsonl",
        "{\"id\":1,\"st\":{\"x\":1,\"y\":\"a\"},\"arr\":[3,null,1],\"m\":{\"b\":2,\"a\":1},"
            + "\"dm\":{\"2025-01-02\":1.5}}\n")
        .toString());
    Tide.ok("write", t, "--input", write("n.csv",
        "id,st,arr,m\n2,\"{\"\"x\"\":2,\"\"y\"\":null}\",[],{}\n").toString());
    List<String> expected = List.of(
        "{\"id\":1,\"st\":{\"x\":1,\"y\":\"a\"},\"arr\":[3,null,1],\"m\":map{\"a\"=>1,\"b\"=>2},"
            + "\"dm\":map{\"2025-01-02\"=>1.5}}",
        "{\"id\":2,\"st\":{\"x\":2,\"y\":null},\"arr\":[],\"m\":map{},\"dm\":null}");
    assertThat(Tide.ok("cat", t, "--format", "canonical").outLines()).containsExactlyElementsOf(expected);

    String copy = dir.resolve("nested-copy").toString();
    Tide.ok("create", copy, "--schema", describeSchemaJson(t)); // Delta schema JSON works as --schema too
    Tide.ok("write", copy, "--input", write("n-out.jsonl", Tide.ok("cat", t, "--format", "jsonl").out()).toString());
    assertThat(Tide.ok("cat", copy, "--format", "canonical").outLines()).containsExactlyElementsOf(expected);
  }

  private static String describeSchemaJson(String table) throws IOException {
    JsonNode d = new ObjectMapper().readTree(Tide.ok("describe", table, "--json").out());
    return d.get("schema").toString();
  }

  private Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }
}
