package io.tidelake.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

/**
 * UTF-8 decoding that refuses malformed input instead of replacing it. Java's readers either turn bad
 * bytes into U+FFFD (InputStreamReader: stdin data silently altered) or fail from a read-ahead buffer with
 * no position (Files.newBufferedReader). This one decodes lazily, character by character as they are
 * asked for, so it knows the 1-based line and column of the bad bytes. Encoded surrogates (ED A0..BF xx)
 * and overlong forms are malformed too (RFC 3629). A leading byte order mark is dropped, for every format.
 */
final class StrictUtf8Reader extends Reader {
  /** Bad bytes at a known position; RowInput turns it into a user error naming the file. */
  static final class MalformedUtf8Exception extends IOException {
    final long line;
    final long column;
    final String detail;

    MalformedUtf8Exception(long line, long column, String detail) {
      super("invalid UTF-8 at line " + line + ", column " + column + ": " + detail);
      this.line = line;
      this.column = column;
      this.detail = detail;
    }
  }

  private final InputStream in;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  private long line = 1;
  private long column = 1; // of the next character
  private int pendingLow = -1; // second half of a supplementary character that did not fit the caller's array
  private boolean started;

  StrictUtf8Reader(InputStream in) {
    this.in = in;
  }

  @Override
  public int read(char[] cbuf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int n = 0;
    if (pendingLow >= 0) {
      cbuf[off + n++] = (char) pendingLow;
      pendingLow = -1;
    }
    while (n < len) {
      // once some characters are decoded, return them rather than block on stdin for more
      if (pos == limit && (n > 0 || !fill())) {
        break;
      }
      int b = buf[pos] & 0xFF;
      if (!started) {
        started = true;
        if (b == 0xEF && peekBom()) {
          pos += 3;
          continue;
        }
      }
      if (b < 0x80) {
        pos++;
        cbuf[off + n++] = (char) b;
        advance(b);
        continue;
      }
      int cp = decodeMultiByte(b);
      column++;
      if (cp >= 0x10000) {
        cbuf[off + n++] = Character.highSurrogate(cp);
        if (n < len) {
          cbuf[off + n++] = Character.lowSurrogate(cp);
        } else {
          pendingLow = Character.lowSurrogate(cp);
        }
      } else {
        cbuf[off + n++] = (char) cp;
      }
    }
    return n == 0 ? -1 : n;
  }

  private void advance(int c) {
    if (c == '\n') {
      line++;
      column = 1;
    } else {
      column++;
    }
  }

  private boolean peekBom() throws IOException {
    ensure(3);
    return limit - pos >= 3 && (buf[pos + 1] & 0xFF) == 0xBB && (buf[pos + 2] & 0xFF) == 0xBF;
  }

  private int decodeMultiByte(int b0) throws IOException {
    int need;
    int min;
    int cp;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      need = 1;
      min = 0x80;
      cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      need = 2;
      min = 0x800;
      cp = b0 & 0x0F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      need = 3;
      min = 0x10000;
      cp = b0 & 0x07;
    } else {
      throw bad("byte 0x" + hex(b0) + " cannot start a character");
    }
    ensure(need + 1);
    if (limit - pos < need + 1) {
      throw bad("the input ends inside a character (byte 0x" + hex(b0) + ")");
    }
    for (int i = 1; i <= need; i++) {
      int b = buf[pos + i] & 0xFF;
      if ((b & 0xC0) != 0x80) {
        throw bad("byte 0x" + hex(b0) + " is not followed by continuation bytes");
      }
      cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF) {
      throw bad("an overlong or out-of-range sequence starting with byte 0x" + hex(b0));
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) {
      throw bad("an encoded surrogate U+" + Integer.toHexString(cp).toUpperCase(java.util.Locale.ROOT)
          + " (half of a UTF-16 pair, not a character)");
    }
    pos += need + 1;
    return cp;
  }

  private MalformedUtf8Exception bad(String detail) {
    return new MalformedUtf8Exception(line, column, detail);
  }

  private static String hex(int b) {
    return String.format("%02X", b);
  }

  private boolean fill() throws IOException {
    pos = 0;
    limit = 0;
    int r = in.read(buf, 0, buf.length);
    if (r > 0) {
      limit = r;
    }
    return limit > 0;
  }

  /** Makes at least {@code n} bytes available from pos, unless the input ends first. */
  private void ensure(int n) throws IOException {
    if (limit - pos >= n) {
      return;
    }
    System.arraycopy(buf, pos, buf, 0, limit - pos);
    limit -= pos;
    pos = 0;
    while (limit < n) {
      int r = in.read(buf, limit, buf.length - limit);
      if (r < 0) {
        return;
      }
      limit += r;
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
