package io.tidelake.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidelake.format.Row;
import io.tidelake.format.types.StructType;
import java.io.BufferedReader;
import java.io.IOException;

/** JSON lines: one JSON object per line; blank lines are skipped. Keys are column names. */
final class JsonlInput extends RowInput {
  private long lineNo;

  JsonlInput(String source, BufferedReader reader, StructType schema) {
    super(source, reader, schema);
  }

  @Override
  long line() {
    return lineNo;
  }

  @Override
  protected Row readRow() throws IOException {
    String text;
    do {
      text = reader.readLine();
      if (text == null) {
        return null;
      }
      lineNo++;
    } while (text.isBlank());
    JsonNode node;
    try {
      node = JsonText.parse(text);
    } catch (JsonText.Invalid e) {
      throw new CliException(source + " line " + lineNo + ", column " + e.column + ": not valid JSON: "
          + e.getMessage());
    }
    if (!node.isObject()) {
      throw error("expected a JSON object per line, got: " + JsonValues.abbreviate(text), null);
    }
    return JsonValues.toRow(node, schema, "");
  }
}
