package io.tidelake.format.store.hadoop;

import io.tidelake.format.TidelakeException;
import java.util.Locale;

/**
 * How a Hadoop FileSystem makes {@code putIfAbsent} atomic. There is no single Hadoop call that is
 * create-if-absent-and-never-partially-visible on every filesystem, so the store picks the one each kind
 * of filesystem does guarantee (the same choices as Delta's LogStores):
 */
public enum HadoopCommitMode {
  /**
   * S3A: {@code createFile(p).overwrite(true).must("fs.option.create.conditional.overwrite", true)} sends
   * {@code If-None-Match: *}; the object appears whole at close, and a loser's close fails (412).
   * Needs hadoop-aws 3.4.2 or later.
   */
  CONDITIONAL_CREATE,
  /**
   * Object stores whose {@code create(overwrite=false)} is an atomic precondition and whose objects
   * appear whole at close (Google Cloud Storage: generation-match 0).
   */
  CREATE,
  /**
   * Filesystems with an atomic rename (HDFS, ABFS with hierarchical namespace, viewfs, local): write a
   * hidden temp file, then {@code FileContext.rename(tmp, target, NONE)}, which fails if the target
   * exists. A file being written is never visible under the commit's name.
   */
  RENAME;

  /** Store option overriding the per-scheme choice: {@code conditional-create}, {@code create} or {@code rename}. */
  public static final String OPTION = "hadoop.commit-mode";

  static HadoopCommitMode forScheme(String scheme) {
    return switch (scheme) {
      case "s3a" -> CONDITIONAL_CREATE;
      case "gs" -> CREATE;
      default -> RENAME;
    };
  }

  static HadoopCommitMode parse(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "conditional-create" -> CONDITIONAL_CREATE;
      case "create" -> CREATE;
      case "rename" -> RENAME;
      default -> throw new TidelakeException("Unknown " + OPTION + " '" + value
          + "': use conditional-create (S3A), create (GCS) or rename (HDFS, ABFS, local).");
    };
  }

  /** Whether a created file appears whole at close (object stores), so replacing needs no temp file. */
  boolean objectStore() {
    return this != RENAME;
  }
}
