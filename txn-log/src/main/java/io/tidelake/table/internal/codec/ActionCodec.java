package io.tidelake.table.internal.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.tidelake.table.CorruptLogException;
import io.tidelake.table.actions.Action;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads and writes Delta log lines (newline-delimited JSON, one action per line) with the Jackson
 * streaming API: log replay parses millions of lines, and binding through databind would cost an extra
 * tree or reflection pass per line for nothing. Stateless and thread-safe; {@link #INSTANCE} can be
 * shared freely.
 *
 * <p>Reading follows the protocol's forward-compatibility rules: unknown actions and unknown fields are
 * ignored. Anything else that does not parse is a {@link CorruptLogException} naming the file and line,
 * never a partially read commit: a commit is atomic, so half of it is worse than none.
 */
public final class ActionCodec {
  public static final ActionCodec INSTANCE = new ActionCodec();

  private static final String COMMIT_ADVICE =
      "The commit is unreadable; restore the file from a backup or remove the table's newer versions.";
  private static final String CHECKPOINT_ADVICE =
      "The checkpoint is unreadable; restore it from a backup, or delete it (and _last_checkpoint if it"
          + " names this version) so that readers fall back to an older checkpoint and the JSON commits,"
          + " provided those commits still exist.";
  // Jackson appends "(start marker at [Source: ...; line: 1, column: 1])" style locations that only
  // repeat, badly, what our message already says.
  private static final Pattern JACKSON_LOCATION =
      Pattern.compile("\\s*(\\([^()\\[]*|at )\\[Source:.*$", Pattern.DOTALL);

  public ActionCodec() {}

  /**
   * Parses one log line. Returns null for a blank line and for an action type this library does not
   * know (the protocol requires readers to ignore those).
   *
   * @throws CorruptLogException if the line is not a well-formed action
   */
  public Action parseLine(String line) {
    return parseLine(line, null, 0);
  }

  /** As {@link #parseLine(String)}, naming {@code file} and {@code lineNumber} in errors. */
  public Action parseLine(String line, String file, long lineNumber) {
    Objects.requireNonNull(line, "line");
    if (line.isBlank()) {
      return null;
    }
    try (JsonParser p = PlainJson.FACTORY.createParser(line)) {
      return ActionReader.readLine(p);
    } catch (IOException | RuntimeException e) {
      throw corrupt(file, lineNumber, e);
    }
  }

  /**
   * Parses a whole commit (or JSON V2 checkpoint) file: UTF-8, one action per line, lines separated by
   * {@code \n} (a {@code \r} before it is tolerated). Unknown actions and blank lines are left out of
   * the result. The stream is read to the end but not closed.
   *
   * @param fileNameForErrors how to name the file in error messages, e.g.
   *     {@code _delta_log/00000000000000000003.json}
   * @throws IOException if reading the stream fails (retryable, unlike corruption)
   * @throws CorruptLogException if any line is malformed
   */
  public List<Action> parseCommit(InputStream in, String fileNameForErrors) throws IOException {
    // Whole-file read: commit files are small next to the actions parsed from them, and byte-range
    // parsing avoids decoding every line into a String first.
    return parseCommit(in.readAllBytes(), fileNameForErrors);
  }

  /** As {@link #parseCommit(InputStream, String)} for a file already in memory. */
  public List<Action> parseCommit(byte[] in, String fileNameForErrors) {
    List<Action> actions = new ArrayList<>();
    long lineNumber = 0;
    int start = 0;
    while (start < in.length) {
      int end = start;
      while (end < in.length && in[end] != '\n') {
        end++;
      }
      lineNumber++;
      if (!isBlank(in, start, end)) {
        Action a = parseBytes(in, start, end - start, fileNameForErrors, lineNumber);
        if (a != null) {
          actions.add(a);
        }
      }
      start = end + 1;
    }
    return actions;
  }

  /** One action as one line of JSON, without a trailing newline. */
  public String toJson(Action action) {
    Objects.requireNonNull(action, "action");
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = PlainJson.FACTORY.createGenerator(out)) {
      ActionWriter.write(g, action);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen with an in-memory writer
    }
    return out.toString();
  }

  /**
   * The bytes of a commit file: each action on its own line, each line ending with {@code \n}, UTF-8.
   * Writing the whole commit into memory first is deliberate: the file must appear atomically
   * (put-if-absent), so it is written in one call by the log store.
   */
  public byte[] serializeCommit(List<? extends Action> actions) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 * Math.max(1, actions.size()));
    try (JsonGenerator g = PlainJson.FACTORY.createGenerator(out)) {
      g.setRootValueSeparator(null); // we write the '\n' ourselves, Jackson's default is a space
      for (Action a : actions) {
        ActionWriter.write(g, Objects.requireNonNull(a, "action"));
        g.writeRaw('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static Action parseBytes(byte[] in, int offset, int length, String file, long lineNumber) {
    try (JsonParser p = PlainJson.FACTORY.createParser(in, offset, length)) {
      return ActionReader.readLine(p);
    } catch (IOException | RuntimeException e) {
      throw corrupt(file, lineNumber, e);
    }
  }

  private static boolean isBlank(byte[] in, int start, int end) {
    for (int i = start; i < end; i++) {
      byte b = in[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  /**
   * Builds the user-facing error: what is wrong, where (file, line, column for JSON syntax errors) and
   * what to do about it. Runtime exceptions other than ours come from the record constructors'
   * validation (e.g. a protocol version of 0); they are corruption too.
   */
  private static CorruptLogException corrupt(String file, long line, Exception e) {
    String what;
    if (e instanceof MalformedActionException) {
      what = e.getMessage();
    } else if (e instanceof JsonProcessingException jpe) {
      JsonLocation loc = jpe.getLocation();
      String msg = jpe.getOriginalMessage() == null ? "" : jpe.getOriginalMessage();
      what = "invalid JSON"
          + (loc != null && loc.getColumnNr() > 0 ? " at column " + loc.getColumnNr() : "")
          + ": " + JACKSON_LOCATION.matcher(msg).replaceAll("").trim();
    } else if (e instanceof IOException) {
      what = "unreadable content: " + e.getMessage(); // e.g. invalid UTF-8
    } else if (e instanceof IllegalArgumentException) {
      what = "invalid action: " + e.getMessage();
    } else {
      throw (RuntimeException) e; // a bug, not corruption: do not disguise it
    }
    if (what.endsWith(".")) {
      what = what.substring(0, what.length() - 1);
    }
    String where = file == null ? "Corrupt Delta log line" : "Corrupt Delta log file " + file;
    if (line > 0) {
      where += file == null ? " " + line : " line " + line;
    }
    String advice =
        file != null && file.contains(".checkpoint.") ? CHECKPOINT_ADVICE : COMMIT_ADVICE;
    return new CorruptLogException(file, line, where + ": " + what + ". " + advice, e);
  }
}
