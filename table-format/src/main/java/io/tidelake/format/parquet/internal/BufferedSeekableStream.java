package io.tidelake.format.parquet.internal;

import io.tidelake.format.store.SeekableObject;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A {@link SeekableInputStream} over positional reads. Parquet mixes tiny reads (footer length, magic,
 * page headers) with large ones (whole column chunks): the small ones go through a small buffer so an
 * object store is not asked for 4 bytes at a time, the large ones go straight to the store in one call.
 */
final class BufferedSeekableStream extends SeekableInputStream {
  private static final int BUFFER = 16 * 1024;

  private final SeekableObject obj;
  private final String path;
  private final long length;
  private final byte[] buf = new byte[BUFFER];
  private long bufStart; // file offset of buf[0]
  private int bufLen; // valid bytes in buf
  private long pos;

  BufferedSeekableStream(SeekableObject obj, String path) {
    this.obj = obj;
    this.path = path;
    this.length = obj.length();
  }

  @Override
  public long getPos() {
    return pos;
  }

  @Override
  public void seek(long newPos) throws IOException {
    if (newPos < 0 || newPos > length) {
      throw new EOFException("Seek to " + newPos + " outside " + path + " (length " + length + ")");
    }
    pos = newPos;
  }

  @Override
  public int read() throws IOException {
    if (pos >= length) {
      return -1;
    }
    if (!inBuffer(pos)) {
      fill(pos);
    }
    return buf[(int) (pos++ - bufStart)] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pos >= length) {
      return -1;
    }
    int n = (int) Math.min(len, length - pos);
    copy(b, off, n);
    return n;
  }

  @Override
  public void readFully(byte[] b) throws IOException {
    readFully(b, 0, b.length);
  }

  @Override
  public void readFully(byte[] b, int off, int len) throws IOException {
    if (pos + len > length) {
      throw new EOFException("Reached the end of " + path + " (length " + length + ") reading " + len
          + " bytes at " + pos + ": the file is truncated");
    }
    copy(b, off, len);
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (!dst.hasRemaining()) {
      return 0;
    }
    if (pos >= length) {
      return -1;
    }
    int n = (int) Math.min(dst.remaining(), length - pos);
    put(dst, n);
    return n;
  }

  @Override
  public void readFully(ByteBuffer dst) throws IOException {
    int n = dst.remaining();
    if (pos + n > length) {
      throw new EOFException("Reached the end of " + path + " (length " + length + ") reading " + n
          + " bytes at " + pos + ": the file is truncated");
    }
    put(dst, n);
  }

  private void put(ByteBuffer dst, int n) throws IOException {
    if (dst.hasArray()) {
      copy(dst.array(), dst.arrayOffset() + dst.position(), n);
      dst.position(dst.position() + n);
    } else {
      byte[] tmp = new byte[n];
      copy(tmp, 0, n);
      dst.put(tmp);
    }
  }

  /** Copies n bytes at pos (all within the file) into b, through the buffer for small reads. */
  private void copy(byte[] b, int off, int n) {
    if (inBuffer(pos)) {
      int avail = (int) (bufStart + bufLen - pos);
      int k = Math.min(avail, n);
      System.arraycopy(buf, (int) (pos - bufStart), b, off, k);
      pos += k;
      off += k;
      n -= k;
    }
    if (n == 0) {
      return;
    }
    if (n >= BUFFER / 2) {
      obj.readFully(pos, b, off, n); // large read: one direct request
      pos += n;
      return;
    }
    fill(pos);
    System.arraycopy(buf, 0, b, off, n);
    pos += n;
  }

  private boolean inBuffer(long p) {
    return p >= bufStart && p < bufStart + bufLen;
  }

  private void fill(long at) {
    int n = (int) Math.min(BUFFER, length - at);
    obj.readFully(at, buf, 0, n);
    bufStart = at;
    bufLen = n;
  }

  @Override
  public void close() {
    obj.close();
  }
}
