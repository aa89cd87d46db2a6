package io.tidelake.format.store.s3;

import io.tidelake.format.store.CommitOutcomeUnknownException;
import io.tidelake.format.store.FileInfo;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.store.SeekableObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 store (AWS SDK v2) for {@code s3://bucket/prefix} locations: AWS S3 or any S3-compatible
 * server that honours conditional writes.
 *
 * <ul>
 *   <li>{@link #putIfAbsent}: {@code PUT} with {@code If-None-Match: *}; 412, or 409
 *       ConditionalRequestConflict, means the name is taken. Whether a retried attempt found its own
 *       object is settled by {@link ConditionalWrite}; an unresolved doubt is a
 *       {@link CommitOutcomeUnknownException}, never a blind retry.
 *   <li>{@link #create}: streamed; one conditional PUT for small objects, else a multipart upload of
 *       {@code s3.part-size} parts completed with {@code If-None-Match: *} (memory: one part).
 *   <li>{@link #openSeekable}: ranged GETs; the first fetches the tail (the Parquet footer) and the
 *       length in one request; small reads fetch {@code s3.read-ahead} bytes at a time.
 *   <li>{@link #list}: ListObjectsV2 pages with {@code StartAfter} and delimiter "/".
 * </ul>
 *
 * <p>Thread-safe; one store (and its connection pool) serves a table's readers and writers.
 */
public final class S3ObjectStore implements ObjectStore {
  private final S3Options options;
  private final S3Clients clients;

  public S3ObjectStore(S3Options options) {
    this.options = options;
    this.clients = S3Clients.build(options);
  }

  /** A store configured from store options (see {@link S3Options}) and the AWS environment. */
  public static S3ObjectStore fromOptions(Map<String, String> options) {
    return new S3ObjectStore(S3Options.parse(options, S3ObjectStore::envOrProperty));
  }

  static String envOrProperty(String name) {
    String v = System.getenv(name);
    return v != null ? v : System.getProperty(name);
  }

  public S3Options options() {
    return options;
  }

  @Override
  public String scheme() {
    return "s3";
  }

  @Override
  public byte[] readAll(String path) {
    S3Location loc = S3Location.parse(path);
    try {
      return clients.retrying.getObjectAsBytes(b -> b.bucket(loc.bucket()).key(loc.key())).asByteArrayUnsafe();
    } catch (RuntimeException e) {
      throw S3Errors.toStorage("GET", path, e);
    }
  }

  @Override
  public InputStream open(String path) {
    return S3ResumingInputStream.open(clients.retrying, S3Location.parse(path), path, options.maxAttempts());
  }

  @Override
  public SeekableObject openSeekable(String path) {
    return S3SeekableObject.open(clients.retrying, S3Location.parse(path), path, options.readAhead());
  }

  @Override
  public OutputStream create(String path) {
    S3Location loc = S3Location.parse(path);
    if (loc.key().isEmpty() || loc.key().endsWith("/")) {
      throw new io.tidelake.format.TidelakeException("Cannot create an object at " + path + ": not an object key.");
    }
    return new S3UploadStream(clients, loc, path, options.partSize(), options.maxAttempts());
  }

  @Override
  public boolean putIfAbsent(String path, byte[] content) {
    S3Location loc = S3Location.parse(path);
    ConditionalWrite.Outcome outcome = ConditionalWrite.run("conditional PUT", path, options.maxAttempts(),
        () -> clients.once.putObject(b -> b.bucket(loc.bucket()).key(loc.key()).ifNoneMatch("*")
            .contentLength((long) content.length), body(content, content.length)));
    return switch (outcome) {
      case CREATED -> true;
      case TAKEN -> false;
      case TAKEN_AFTER_UNCERTAIN_ATTEMPT -> throw new CommitOutcomeUnknownException("S3 conditional PUT of " + path
          + " was refused (the name is taken) after an earlier attempt failed in a way that may have created it: "
          + "the object may be this writer's own. Read it back to find out.", null);
    };
  }

  @Override
  public void put(String path, byte[] content) {
    S3Location loc = S3Location.parse(path);
    try {
      clients.retrying.putObject(b -> b.bucket(loc.bucket()).key(loc.key()).contentLength((long) content.length),
          body(content, content.length));
    } catch (RuntimeException e) {
      throw S3Errors.toStorage("PUT", path, e);
    }
  }

  /** A request body over the caller's array without copying it; re-readable for retries. */
  static RequestBody body(byte[] content, int length) {
    return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(content, 0, length), length,
        "application/octet-stream");
  }

  @Override
  public List<FileInfo> list(String dir, String startAfterName) {
    S3Location loc = S3Location.parse(dir);
    String prefix = loc.dirPrefix();
    ListObjectsV2Request.Builder req = ListObjectsV2Request.builder().bucket(loc.bucket()).prefix(prefix).delimiter("/");
    if (startAfterName != null) {
      req.startAfter(prefix + startAfterName);
    }
    List<FileInfo> out = new ArrayList<>();
    listPages(req, dir, obj -> {
      String name = obj.key().substring(prefix.length());
      // some servers ignore StartAfter; a "dir/" marker object is not a file
      if (!name.isEmpty() && !name.contains("/") && (startAfterName == null || name.compareTo(startAfterName) > 0)) {
        out.add(info(loc, obj));
      }
    });
    out.sort(Comparator.comparing(FileInfo::name));
    return out;
  }

  @Override
  public List<FileInfo> listRecursive(String dir) {
    S3Location loc = S3Location.parse(dir);
    String prefix = loc.dirPrefix();
    List<FileInfo> out = new ArrayList<>();
    listPages(ListObjectsV2Request.builder().bucket(loc.bucket()).prefix(prefix), dir, obj -> {
      if (!obj.key().endsWith("/")) {
        out.add(info(loc, obj));
      }
    });
    out.sort(Comparator.comparing(FileInfo::path));
    return out;
  }

  private void listPages(ListObjectsV2Request.Builder req, String dir, java.util.function.Consumer<S3Object> each) {
    String token = null;
    try {
      do {
        ListObjectsV2Response page = clients.retrying.listObjectsV2(req.continuationToken(token).build());
        page.contents().forEach(each);
        token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        if (Boolean.TRUE.equals(page.isTruncated()) && token == null) {
          throw new io.tidelake.format.store.StorageException("S3 LIST of " + dir
              + " returned a truncated page without a continuation token; the server is not S3-compatible here.");
        }
      } while (token != null);
    } catch (RuntimeException e) {
      if (S3Errors.classify(e) == S3Errors.Kind.NOT_FOUND && !isNoSuchBucket(e)) {
        return;
      }
      throw S3Errors.toStorage("LIST", dir, e);
    }
  }

  private static boolean isNoSuchBucket(Throwable e) {
    return e instanceof software.amazon.awssdk.core.exception.SdkServiceException s
        && "NoSuchBucket".equals(S3Errors.errorCode(s));
  }

  private static FileInfo info(S3Location loc, S3Object obj) {
    long mtime = obj.lastModified() == null ? 0 : obj.lastModified().toEpochMilli();
    return new FileInfo(loc.uriOf(obj.key()), obj.size() == null ? 0 : obj.size(), mtime);
  }

  @Override
  public Optional<FileInfo> stat(String path) {
    S3Location loc = S3Location.parse(path);
    try {
      HeadObjectResponse h = clients.retrying.headObject(b -> b.bucket(loc.bucket()).key(loc.key()));
      long mtime = h.lastModified() == null ? 0 : h.lastModified().toEpochMilli();
      return Optional.of(new FileInfo(path, h.contentLength() == null ? 0 : h.contentLength(), mtime));
    } catch (RuntimeException e) {
      if (S3Errors.classify(e) == S3Errors.Kind.NOT_FOUND && !isNoSuchBucket(e)) {
        return Optional.empty();
      }
      throw S3Errors.toStorage("HEAD", path, e);
    }
  }

  @Override
  public boolean delete(String path) {
    S3Location loc = S3Location.parse(path);
    // S3's DELETE succeeds whether or not the key exists; the contract wants to know, so ask first
    if (stat(path).isEmpty()) {
      return false;
    }
    try {
      clients.retrying.deleteObject(b -> b.bucket(loc.bucket()).key(loc.key()));
      return true;
    } catch (RuntimeException e) {
      throw S3Errors.toStorage("DELETE", path, e);
    }
  }

  /**
   * Batched DeleteObjects (1,000 keys per request, quiet mode), grouped by bucket: vacuum of many files
   * costs one request per thousand instead of a HEAD and a DELETE each.
   */
  @Override
  public int deleteAll(List<String> paths) {
    Map<String, List<software.amazon.awssdk.services.s3.model.ObjectIdentifier>> byBucket = new java.util.LinkedHashMap<>();
    for (String p : paths) {
      S3Location loc = S3Location.parse(p);
      byBucket.computeIfAbsent(loc.bucket(), b -> new ArrayList<>())
          .add(software.amazon.awssdk.services.s3.model.ObjectIdentifier.builder().key(loc.key()).build());
    }
    int deleted = 0;
    for (Map.Entry<String, List<software.amazon.awssdk.services.s3.model.ObjectIdentifier>> e : byBucket.entrySet()) {
      List<software.amazon.awssdk.services.s3.model.ObjectIdentifier> keys = e.getValue();
      for (int from = 0; from < keys.size(); from += 1000) {
        List<software.amazon.awssdk.services.s3.model.ObjectIdentifier> batch =
            keys.subList(from, Math.min(keys.size(), from + 1000));
        software.amazon.awssdk.services.s3.model.DeleteObjectsResponse r;
        try {
          r = clients.retrying.deleteObjects(b -> b.bucket(e.getKey()).delete(d -> d.objects(batch).quiet(true)));
        } catch (RuntimeException ex) {
          throw S3Errors.toStorage("DeleteObjects", "s3://" + e.getKey() + "/" + batch.get(0).key() + " (+"
              + (batch.size() - 1) + " more)", ex);
        }
        if (r.hasErrors() && !r.errors().isEmpty()) {
          software.amazon.awssdk.services.s3.model.S3Error first = r.errors().get(0);
          throw new io.tidelake.format.store.StorageException("DeleteObjects failed for " + r.errors().size()
              + " of " + batch.size() + " keys in bucket " + e.getKey() + ", first s3://" + e.getKey() + "/"
              + first.key() + ": " + first.code() + " " + first.message());
        }
        deleted += batch.size();
      }
    }
    return deleted;
  }

  @Override
  public void close() {
    clients.close();
  }

  @Override
  public String toString() {
    return "S3ObjectStore{" + options + "}";
  }
}
