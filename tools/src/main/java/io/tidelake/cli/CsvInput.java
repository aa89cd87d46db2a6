package io.tidelake.cli;

import io.tidelake.format.GenericRow;
import io.tidelake.format.Row;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * RFC 4180 csv with a header row of column names. Quoted cells may hold commas, doubled quotes and line
 * breaks; an empty unquoted cell is null while {@code ""} is the empty string. Cells are parsed with
 * {@link Values#parse}; struct/array/map cells are JSON text. Blank lines are skipped.
 */
final class CsvInput extends RowInput {
  private long physicalLine = 1; // line of the next character
  private long recordLine;
  private int pushedBack = -2;   // one character of look-ahead (-2: none)
  private int[] ordinals;        // header position -> table column
  private DataType[] types;
  private String[] names;

  CsvInput(String source, BufferedReader reader, StructType schema) {
    super(source, reader, schema);
  }

  @Override
  long line() {
    return recordLine;
  }

  @Override
  protected Row readRow() throws IOException {
    if (ordinals == null) {
      readHeader();
      if (ordinals == null) {
        return null; // empty file
      }
    }
    List<String> cells;
    do {
      cells = readRecord();
      if (cells == null) {
        return null;
      }
    } while (cells.size() == 1 && cells.get(0) == null);
    if (cells.size() != ordinals.length) {
      throw error("expected " + ordinals.length + " cells as in the header, got " + cells.size()
          + " (quote cells that contain commas).", null);
    }
    Object[] values = new Object[schema.size()];
    for (int i = 0; i < ordinals.length; i++) {
      values[ordinals[i]] = parseCell(cells.get(i), types[i], names[i]);
    }
    return GenericRow.trusted(schema, values);
  }

  private void readHeader() throws IOException {
    List<String> header = readRecord();
    if (header == null) {
      return;
    }
    ordinals = new int[header.size()];
    types = new DataType[header.size()];
    names = new String[header.size()];
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i) == null ? "" : header.get(i).strip();
      if (i == 0 && name.startsWith("\uFEFF")) {
        name = name.substring(1); // byte order mark written by some spreadsheet exports
      }
      int t = schema.indexOf(name);
      if (t < 0) {
        throw error("unknown column '" + name + "' in the header; the table has " + schema.fieldNames() + ".", null);
      }
      if (!seen.add(t)) {
        throw error("column '" + name + "' appears twice in the header.", null);
      }
      StructField f = schema.field(t);
      ordinals[i] = t;
      types[i] = f.type();
      names[i] = f.name();
    }
  }

  private static Object parseCell(String cell, DataType type, String column) {
    if (cell == null) {
      return null;
    }
    if (type instanceof PrimitiveType || type instanceof DecimalType) {
      return InputValues.parse(type, cell, column);
    }
    try {
      return JsonValues.toValue(JsonText.parse(cell), type, column);
    } catch (JsonText.Invalid e) {
      throw new io.tidelake.format.SchemaViolationException(column, -1, type.simpleString()
          + " cells are JSON text; this one is not valid JSON (at character " + e.column + " of the cell): "
          + e.getMessage());
    }
  }

  /** One record's cells (null for an empty unquoted cell), or null at the end of the input. */
  private List<String> readRecord() throws IOException {
    int c = read();
    if (c == -1) {
      return null;
    }
    recordLine = physicalLine;
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;   // the current cell started with a quote
    boolean inQuotes = false; // inside the quotes of the current cell
    while (true) {
      if (inQuotes) {
        if (c == -1) {
          throw error("a quoted cell is never closed (missing '\"').", null);
        }
        if (c == '"') {
          int n = read();
          if (n == '"') {
            cell.append('"');
          } else {
            inQuotes = false;
            unread(n);
          }
        } else {
          if (c == '\n') {
            physicalLine++;
          }
          cell.append((char) c);
        }
      } else if (c == ',' || c == '\n' || c == '\r' || c == -1) {
        cells.add(quoted || cell.length() > 0 ? cell.toString() : null);
        cell.setLength(0);
        quoted = false;
        if (c != ',') {
          if (c == '\r') {
            int n = read();
            if (n != '\n') {
              unread(n);
            }
          }
          if (c != -1) {
            physicalLine++;
          }
          return cells;
        }
      } else if (c == '"' && cell.length() == 0 && !quoted) {
        quoted = true;
        inQuotes = true;
      } else if (quoted) {
        throw error("unexpected character '" + (char) c + "' after a closing quote (write \"\" for a quote inside "
            + "a quoted cell).", null);
      } else {
        cell.append((char) c);
      }
      c = read();
    }
  }

  private int read() throws IOException {
    if (pushedBack != -2) {
      int c = pushedBack;
      pushedBack = -2;
      return c;
    }
    return reader.read();
  }

  private void unread(int c) {
    pushedBack = c;
  }
}
