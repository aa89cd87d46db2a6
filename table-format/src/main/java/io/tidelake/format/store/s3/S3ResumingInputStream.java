package io.tidelake.format.store.s3;

import io.tidelake.format.store.StorageException;
import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A sequential read of an S3 object that survives a dropped connection: the SDK retries a failed GET,
 * but not a body that breaks off half-way, so on an I/O error this stream reopens at the current offset
 * (with {@code If-Match} on the original ETag, so it never splices two versions of an object) up to
 * {@code maxAttempts} times.
 */
final class S3ResumingInputStream extends InputStream {
  private final S3Client s3;
  private final S3Location loc;
  private final String path;
  private final int maxAttempts;
  private final String etag;
  private final long length;
  private ResponseInputStream<GetObjectResponse> in;
  private long pos;
  private int failures;

  private S3ResumingInputStream(S3Client s3, S3Location loc, String path, int maxAttempts,
      ResponseInputStream<GetObjectResponse> first) {
    this.s3 = s3;
    this.loc = loc;
    this.path = path;
    this.maxAttempts = maxAttempts;
    this.in = first;
    this.etag = first.response().eTag();
    Long len = first.response().contentLength();
    this.length = len == null ? -1 : len;
  }

  static S3ResumingInputStream open(S3Client s3, S3Location loc, String path, int maxAttempts) {
    try {
      return new S3ResumingInputStream(s3, loc, path, maxAttempts,
          s3.getObject(b -> b.bucket(loc.bucket()).key(loc.key())));
    } catch (RuntimeException e) {
      throw S3Errors.toStorage("GET", path, e);
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    while (true) {
      try {
        int n = in.read(b, off, len);
        if (n < 0 && length >= 0 && pos < length) {
          throw new IOException("connection closed at byte " + pos + " of " + length);
        }
        if (n > 0) {
          pos += n;
        }
        return n;
      } catch (IOException e) {
        reopen(e);
      }
    }
  }

  private void reopen(IOException cause) throws IOException {
    in.abort();
    if (++failures >= maxAttempts) {
      throw new IOException("Reading " + path + " failed " + failures + " times (last at byte " + pos + "): " + cause,
          cause);
    }
    ConditionalWrite.sleep(failures, "GET", path, false, cause);
    try {
      in = s3.getObject(b -> {
        b.bucket(loc.bucket()).key(loc.key()).range("bytes=" + pos + "-");
        if (etag != null) {
          b.ifMatch(etag);
        }
      });
    } catch (RuntimeException e) {
      StorageException se = S3Errors.toStorage("GET (resume at byte " + pos + ")", path, e);
      throw new IOException(se.getMessage(), se);
    }
    // A server or proxy that ignores Range (200 with the whole body) or If-Match would splice the wrong
    // bytes in after byte pos: accept only a 206 for exactly the rest of the same object.
    String range = in.response().contentRange();
    String gotEtag = in.response().eTag();
    boolean rightRange = range != null && range.startsWith("bytes " + pos + "-")
        && (length < 0 || range.endsWith("/" + length));
    if (!rightRange || (etag != null && gotEtag != null && !etag.equals(gotEtag))) {
      in.abort();
      throw new IOException("Resuming the read of " + path + " at byte " + pos + " got " + (rightRange
          ? "another version of the object (ETag " + gotEtag + ", expected " + etag + ")"
          : "the wrong range (" + range + ")") + "; the object changed or the server ignores Range requests.");
    }
  }

  @Override
  public void close() throws IOException {
    if (length >= 0 && pos < length) {
      in.abort(); // closing a half-read body would drain it; dropping the connection is cheaper
    }
    in.close();
  }
}
