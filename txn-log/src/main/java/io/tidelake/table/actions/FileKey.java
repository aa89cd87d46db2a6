package io.tidelake.table.actions;

import java.util.Objects;

/**
 * The logical identity of a file in log replay: {@code (path, deletionVector.uniqueId)}. The newest
 * action per key wins; an add and a remove with the same path but different vectors are different keys,
 * which is how a deletion vector update (remove old DV + add new DV in one commit) is expressed.
 *
 * <p>{@code path} is compared as the exact string of the log. Canonicalising equivalent spellings
 * ({@code /a/b} vs {@code file:/a/b}) is the replay layer's job, which knows the table root.
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

  private static String dvId(DeletionVectorDescriptor dv) {
    return dv == null ? null : dv.uniqueId();
  }
}
