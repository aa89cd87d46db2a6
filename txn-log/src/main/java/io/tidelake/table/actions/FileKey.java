package io.tidelake.table.actions;

import java.util.Objects;

/**
 * The logical identity of a file in log replay: {@code (path, deletionVector.uniqueId)}. The newest
 * action per key wins; an add and a remove with the same path but different vectors are different keys,
 * which is how a deletion vector update (remove old DV + add new DV in one commit) is expressed.
 *
 * <p>{@link #of(AddFile)} keys by the exact string of the log. Log replay keys by a canonical spelling
 * instead ({@link #of(String, DeletionVectorDescriptor)}), as only it knows the table root that makes
 * {@code a.parquet} and {@code file:/root/a.parquet} the same file.
 */
public record FileKey(String path, String dvUniqueId) {
  public FileKey {
    Objects.requireNonNull(path, "path");
  }

  public static FileKey of(AddFile add) {
    return new FileKey(add.path(), dvId(add.deletionVector()));
  }

  public static FileKey of(RemoveFile remove) {
    return new FileKey(remove.path(), dvId(remove.deletionVector()));
  }

  /** A key for {@code path} as the caller spells it (e.g. canonicalised against the table root). */
  public static FileKey of(String path, DeletionVectorDescriptor dv) {
    return new FileKey(path, dvId(dv));
  }

  private static String dvId(DeletionVectorDescriptor dv) {
    return dv == null ? null : dv.uniqueId();
  }
}
