package io.tidelake.cli;

import io.tidelake.format.CloseableIterator;
import io.tidelake.format.Row;
import io.tidelake.format.SchemaViolationException;
import io.tidelake.format.TidelakeException;
import io.tidelake.format.types.StructType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * Rows streamed from an input file, one at a time (the file is never held in memory), converted to the
 * table schema. Every failure names the file and the line, including failures the writer raises for
 * the row just returned ({@link #line()} is that row's line).
 */
abstract class RowInput implements CloseableIterator<Row> {
  /** Input formats of {@code tide write}. Lower case, as users type them. */
  enum Format {
    jsonl, csv;

    /** From a file name: .jsonl/.ndjson/.json are JSON lines, .csv is csv; null when unknown. */
    static Format fromFileName(String name) {
      String n = name.toLowerCase(Locale.ROOT);
      if (n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json")) {
        return jsonl;
      }
      return n.endsWith(".csv") ? csv : null;
    }
  }

  protected final String source;
  protected final BufferedReader reader;
  protected final StructType schema;
  private Row next;
  private boolean done;

  RowInput(String source, BufferedReader reader, StructType schema) {
    this.source = source;
    this.reader = reader;
    this.schema = schema;
  }

  /** Opens {@code file} ("-" for stdin) as rows of {@code schema}. */
  static RowInput open(String file, Format format, StructType schema) {
    BufferedReader r;
    String source = file.equals("-") ? "<stdin>" : file;
    if (!file.equals("-") && Files.isDirectory(Path.of(file))) {
      throw new CliException("Input " + file + " is a directory; give a .jsonl or .csv file (or '-' for stdin).");
    }
    try {
      // the same strict decoding for stdin and files: bad bytes are an error at their line, never U+FFFD
      InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file));
      r = new BufferedReader(new StrictUtf8Reader(in), 1 << 16);
    } catch (NoSuchFileException e) {
      throw new CliException("Input file " + file + " does not exist.");
    } catch (IOException e) {
      throw new CliException("Cannot read input file " + file + ": " + e.getMessage(), e);
    }
    return format == Format.csv ? new CsvInput(source, r, schema) : new JsonlInput(source, r, schema);
  }

  /** The 1-based line where the last returned row starts (0 before the first). */
  abstract long line();

  /** Reads the next row, or null at the end of the input. */
  protected abstract Row readRow() throws IOException;

  /** An error about the current line of the input (exit code 1). */
  CliException error(String message, Throwable cause) {
    return new CliException(source + " line " + line() + ": " + message, cause);
  }

  /** Wraps a failure raised while writing the last returned row, adding where it came from. */
  CliException atCurrentRow(TidelakeException e) {
    if (e instanceof CliException c) {
      return c;
    }
    // the writer counts rows from 0 within the batch; the input's line is what the user can find
    String m = TideCli.oneLine(e.getMessage());
    if (e instanceof SchemaViolationException) {
      m = m.replaceFirst("^(Schema violation in column '.*?') of row \\d+:", "$1:");
    }
    return error(m, e);
  }

  @Override
  public boolean hasNext() {
    if (next == null && !done) {
      try {
        next = readRow();
      } catch (StrictUtf8Reader.MalformedUtf8Exception e) {
        throw new CliException(source + " line " + e.line + ", column " + e.column + ": invalid UTF-8: "
            + e.detail + "; save the input as UTF-8.", e);
      } catch (IOException e) {
        // the reader reads ahead, so the failure is at or after the next line, never "line 0"
        throw new CliException("Cannot read " + source + " after line " + line() + ": " + e.getMessage(), e);
      } catch (CliException e) {
        throw e;
      } catch (TidelakeException e) {
        throw error(TideCli.oneLine(e.getMessage()), e);
      }
      done = next == null;
    }
    return next != null;
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Row r = next;
    next = null;
    return r;
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      // nothing useful to do: the rows were read (or the write failed for a better reason)
    }
  }
}
