package io.tidelake.format.store;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * The narrow storage boundary every table operation goes through: local disk, S3, or any Hadoop
 * FileSystem. Paths are full locations in the store's own form: an absolute filesystem path for the
 * local store ({@code /data/t/_delta_log/00000000000000000000.json}), {@code s3://bucket/key} for S3.
 *
 * <p>The one property table atomicity rests on is {@link #putIfAbsent}: it creates an object with its
 * whole content, or reports that the name is taken, and never shows a partial object. Everything else
 * may be eventually visible, as on object stores.
 */
public interface ObjectStore extends AutoCloseable {

  /** The URI scheme(s) this store serves, for messages ({@code file}, {@code s3}). */
  String scheme();

  /** Reads a whole object. */
  byte[] readAll(String path);

  /** A sequential stream over an object. */
  InputStream open(String path);

  /** Positional reads, for Parquet footers and column chunks (ranged GETs on object stores). */
  SeekableObject openSeekable(String path);

  /**
   * Creates a new object by streaming its content; on object stores it becomes visible when the stream
   * is closed. Used for data files, whose unique names make them invisible to readers until a commit
   * refers to them. Fails if the object already exists.
   */
  OutputStream create(String path);

  /**
   * Atomically creates {@code path} with {@code content} if no object has that name.
   *
   * @return true if this call created it, false if the name was already taken (the existing object is untouched)
   * @throws CommitOutcomeUnknownException when the store cannot tell whether the write took effect
   */
  boolean putIfAbsent(String path, byte[] content);

  /** Creates or atomically replaces an object (hints such as {@code _last_checkpoint}, never commits). */
  void put(String path, byte[] content);

  /**
   * The objects directly inside the directory {@code dir} whose names sort after {@code startAfterName}
   * (null for all), sorted by name. Sub-directories are not listed. A missing directory lists as empty.
   */
  List<FileInfo> list(String dir, String startAfterName);

  /** Every object below {@code dir}, at any depth, sorted by path. For vacuum and diagnostics. */
  List<FileInfo> listRecursive(String dir);

  /** The object's size and modification time, if it exists. */
  Optional<FileInfo> stat(String path);

  /** Deletes an object; returns false if it did not exist. */
  boolean delete(String path);

  /**
   * Deletes many objects (vacuum). Stores with a batch delete override this (S3: DeleteObjects, up to
   * 1,000 keys per request); the default deletes one by one. Missing objects are not an error.
   *
   * @return how many objects were deleted (stores that cannot tell count every key they were asked to delete)
   */
  default int deleteAll(List<String> paths) {
    int n = 0;
    for (String p : paths) {
      if (delete(p)) {
        n++;
      }
    }
    return n;
  }

  /**
   * After the object {@code path} was deleted: removes the directory that held it if it is now empty, then
   * each parent that becomes empty, stopping at {@code root} (never removed). Best effort, for cleaning up
   * after a failed write (its partition directories). Object stores have no directories: a no-op there.
   */
  default void deleteEmptyParents(String path, String root) {}

  /** Joins a directory location and a relative path ({@code a/b} + {@code c} = {@code a/b/c}). */
  default String resolve(String dir, String relative) {
    if (relative.isEmpty()) {
      return dir;
    }
    return dir.endsWith("/") ? dir + relative : dir + "/" + relative;
  }

  @Override
  default void close() {}
}
