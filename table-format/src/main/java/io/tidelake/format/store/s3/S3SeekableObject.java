package io.tidelake.format.store.s3;

import io.tidelake.format.store.SeekableObject;
import io.tidelake.format.store.StorageException;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Positional reads of one S3 object by ranged GETs, shaped for Parquet: a reader first asks for the
 * last 8 bytes (footer length), then the footer, then column chunks. Opening fetches the last 64 KiB in
 * the same request that learns the length, so a typical footer costs no further request. Reads smaller
 * than {@code s3.read-ahead} fetch that much and serve the following small reads (page headers,
 * neighbouring small column chunks) from it; larger reads are fetched exactly, uncached.
 *
 * <p>Every GET after the first carries {@code If-Match} with the first response's ETag: if the object
 * were replaced while being read, a read fails rather than mixing bytes of two objects. Not thread-safe
 * for concurrent reads (one Parquet stream per object); calls are serialised anyway.
 */
final class S3SeekableObject implements SeekableObject {
  static final int TAIL = 64 * 1024;

  private final S3Client s3;
  private final S3Location loc;
  private final String path;
  private final int readAhead;
  private final long length;
  private final String etag;
  private final byte[] tail; // the last tail.length bytes of the object
  private final long tailStart;
  private byte[] buf = new byte[0];
  private long bufStart;

  private S3SeekableObject(S3Client s3, S3Location loc, String path, int readAhead, long length, String etag,
      byte[] tail) {
    this.s3 = s3;
    this.loc = loc;
    this.path = path;
    this.readAhead = readAhead;
    this.length = length;
    this.etag = etag;
    this.tail = tail;
    this.tailStart = length - tail.length;
  }

  static S3SeekableObject open(S3Client s3, S3Location loc, String path, int readAhead) {
    try {
      ResponseBytes<GetObjectResponse> r = s3.getObjectAsBytes(b -> b.bucket(loc.bucket()).key(loc.key())
          .range("bytes=-" + TAIL));
      byte[] bytes = r.asByteArrayUnsafe();
      long total = totalLength(r.response().contentRange(), bytes.length, path);
      return new S3SeekableObject(s3, loc, path, readAhead, total, r.response().eTag(), bytes);
    } catch (SdkServiceException e) {
      if (e.statusCode() == 416) {
        return openEmpty(s3, loc, path, readAhead); // a suffix range of an empty object is unsatisfiable
      }
      throw S3Errors.toStorage("GET", path, e);
    } catch (RuntimeException e) {
      throw S3Errors.toStorage("GET", path, e);
    }
  }

  private static S3SeekableObject openEmpty(S3Client s3, S3Location loc, String path, int readAhead) {
    try {
      HeadObjectResponse h = s3.headObject(b -> b.bucket(loc.bucket()).key(loc.key()));
      if (h.contentLength() != null && h.contentLength() != 0) {
        throw new StorageException("S3 refused a suffix range of " + path + " (" + h.contentLength()
            + " bytes): the server does not support ranged reads.");
      }
      return new S3SeekableObject(s3, loc, path, readAhead, 0, h.eTag(), new byte[0]);
    } catch (RuntimeException e) {
      throw S3Errors.toStorage("HEAD", path, e);
    }
  }

  /** "bytes 0-99/100" gives 100; a server that ignored the range sent the whole object. */
  static long totalLength(String contentRange, int bodyLength, String path) {
    if (contentRange == null) {
      return bodyLength;
    }
    int slash = contentRange.lastIndexOf('/');
    try {
      return Long.parseLong(contentRange.substring(slash + 1).trim());
    } catch (RuntimeException e) {
      throw new StorageException("Unexpected Content-Range '" + contentRange + "' reading " + path + ".");
    }
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public synchronized void readFully(long position, byte[] buffer, int offset, int len) {
    if (position < 0 || len < 0 || position + len > length) {
      throw new StorageException("Unexpected end of " + path + ": reading " + len + " bytes at " + position
          + " but the object has " + length + " bytes (truncated file?).");
    }
    if (len == 0) {
      return;
    }
    if (position >= tailStart) {
      System.arraycopy(tail, (int) (position - tailStart), buffer, offset, len);
      return;
    }
    if (position >= bufStart && position + len <= bufStart + buf.length) {
      System.arraycopy(buf, (int) (position - bufStart), buffer, offset, len);
      return;
    }
    if (len >= readAhead) {
      fetch(position, buffer, offset, len); // a column chunk: fetched exactly, not worth caching
      return;
    }
    // a small read: fetch read-ahead bytes from here (not past the cached tail) and serve from them
    long end = Math.max(position + len, Math.min(tailStart, position + readAhead));
    byte[] fresh = new byte[(int) (end - position)];
    fetch(position, fresh, 0, fresh.length);
    buf = fresh;
    bufStart = position;
    System.arraycopy(buf, 0, buffer, offset, len);
  }

  private void fetch(long position, byte[] into, int offset, int len) {
    String range = "bytes=" + position + "-" + (position + len - 1);
    byte[] bytes;
    try {
      bytes = s3.getObjectAsBytes(b -> {
        b.bucket(loc.bucket()).key(loc.key()).range(range);
        if (etag != null) {
          b.ifMatch(etag);
        }
      }).asByteArrayUnsafe();
    } catch (SdkServiceException e) {
      if (e.statusCode() == 412) {
        throw new StorageException("S3 object " + path + " was replaced while being read (ETag changed). "
            + "Data files are immutable: something other than Tidelake rewrote it; re-run the read.", e);
      }
      throw S3Errors.toStorage("GET " + range, path, e);
    } catch (RuntimeException e) {
      throw S3Errors.toStorage("GET " + range, path, e);
    }
    if (bytes.length != len) {
      throw new StorageException("S3 returned " + bytes.length + " bytes for " + range + " of " + path
          + " (expected " + len + "): the object is truncated or the server ignored the range.");
    }
    System.arraycopy(bytes, 0, into, offset, len);
  }

  @Override
  public void close() {
    buf = new byte[0]; // nothing to release: every GET is read whole and its connection returned
  }
}
