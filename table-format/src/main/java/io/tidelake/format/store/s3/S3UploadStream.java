package io.tidelake.format.store.s3;

import io.tidelake.format.store.CommitOutcomeUnknownException;
import io.tidelake.format.store.StorageException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Streams a new object to S3 without holding it in memory: bytes collect in a buffer of at most one
 * part; an object that fits in one part is sent with a single conditional PUT at close, a larger one as
 * a multipart upload whose parts go out as they fill, completed at close with {@code If-None-Match: *}
 * so that an existing object is never replaced. Nothing is visible until {@link #close()} returns.
 *
 * <p>Parts are uploaded on the writing thread (no read-ahead of the caller's data, memory = one part):
 * writing Parquet is CPU-bound, so overlapping the upload would gain little. A failure aborts the
 * multipart upload so no parts are left behind.
 */
final class S3UploadStream extends OutputStream {
  private static final Logger LOG = LoggerFactory.getLogger(S3UploadStream.class);
  private static final int MAX_PARTS = 10_000; // S3's limit
  private static final int INITIAL_BUFFER = 64 * 1024;

  private final S3Clients clients;
  private final S3Location loc;
  private final String path;
  private final int partSize;
  private final int maxAttempts;
  private byte[] buf = new byte[INITIAL_BUFFER]; // grows up to partSize: small files stay small in memory
  private int len;
  private String uploadId;
  private final List<CompletedPart> parts = new ArrayList<>();
  private long total;
  private boolean closed;

  S3UploadStream(S3Clients clients, S3Location loc, String path, int partSize, int maxAttempts) {
    this.clients = clients;
    this.loc = loc;
    this.path = path;
    this.partSize = partSize;
    this.maxAttempts = maxAttempts;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int n) throws IOException {
    if (closed) {
      throw new IOException("Stream to " + path + " is closed");
    }
    while (n > 0) {
      if (len == partSize) {
        uploadPart();
      }
      int k = Math.min(n, partSize - len);
      ensureCapacity(len + k);
      System.arraycopy(b, off, buf, len, k);
      len += k;
      off += k;
      n -= k;
    }
  }

  private void ensureCapacity(int needed) {
    if (needed > buf.length) {
      buf = Arrays.copyOf(buf, (int) Math.min(partSize, Math.max(needed, 2L * buf.length)));
    }
  }

  private void uploadPart() {
    try {
      if (uploadId == null) {
        uploadId = clients.retrying.createMultipartUpload(b -> b.bucket(loc.bucket()).key(loc.key())).uploadId();
      }
      int number = parts.size() + 1;
      if (number > MAX_PARTS) {
        throw new StorageException("Object " + path + " would need more than " + MAX_PARTS + " parts of "
            + partSize + " bytes; raise " + S3Options.PART_SIZE + ".");
      }
      byte[] data = buf;
      int size = len;
      String etag = clients.retrying.uploadPart(b -> b.bucket(loc.bucket()).key(loc.key()).uploadId(uploadId)
          .partNumber(number).contentLength((long) size), S3ObjectStore.body(data, size)).eTag();
      parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      total += size;
      len = 0;
    } catch (RuntimeException e) {
      closed = true;
      abortQuietly();
      throw S3Errors.toStorage("upload of a part", path, e);
    }
  }

  @Override
  public void flush() {
    // nothing can be made durable before close: S3 has no appends
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (uploadId == null) {
      byte[] data = buf;
      int size = len;
      finish("conditional PUT", size, () -> clients.once.putObject(b -> b.bucket(loc.bucket()).key(loc.key())
          .ifNoneMatch("*").contentLength((long) size), S3ObjectStore.body(data, size)));
    } else {
      if (len > 0) {
        uploadPart(); // the last part may be smaller than 5 MiB
      }
      finish("complete multipart upload", total, () -> clients.once.completeMultipartUpload(b -> b
          .bucket(loc.bucket()).key(loc.key()).uploadId(uploadId).ifNoneMatch("*")
          .multipartUpload(m -> m.parts(parts))));
    }
    buf = null;
  }

  private void finish(String operation, long size, ConditionalWrite.Attempt attempt) {
    ConditionalWrite.Outcome outcome;
    try {
      outcome = ConditionalWrite.run(operation, path, maxAttempts, attempt);
    } catch (CommitOutcomeUnknownException e) {
      // a data file has a unique name: if an object of our size is there now, it is ours
      if (existsWithSize(size)) {
        return;
      }
      abortQuietly();
      throw new StorageException("Could not create " + path + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      abortQuietly();
      throw e;
    }
    switch (outcome) {
      case CREATED -> { }
      case TAKEN_AFTER_UNCERTAIN_ATTEMPT -> {
        if (!existsWithSize(size)) {
          abortQuietly(); // not ours: leave no open upload (aborting a completed one is a harmless NoSuchUpload)
          throw refuseOverwrite();
        }
      }
      case TAKEN -> {
        abortQuietly();
        throw refuseOverwrite();
      }
    }
  }

  private StorageException refuseOverwrite() {
    return new StorageException("Refusing to overwrite existing object " + path
        + ": data files are never overwritten (names must be unique).");
  }

  private boolean existsWithSize(long size) {
    try {
      HeadObjectResponse h = clients.retrying.headObject(b -> b.bucket(loc.bucket()).key(loc.key()));
      return h.contentLength() != null && h.contentLength() == size;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void abortQuietly() {
    if (uploadId == null) {
      return;
    }
    try {
      clients.retrying.abortMultipartUpload(b -> b.bucket(loc.bucket()).key(loc.key()).uploadId(uploadId));
    } catch (RuntimeException e) {
      LOG.warn("Could not abort the multipart upload of {} (a bucket lifecycle rule for incomplete uploads "
          + "removes its parts): {}", path, e.toString());
    }
  }
}
