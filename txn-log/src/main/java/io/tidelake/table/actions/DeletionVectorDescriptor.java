package io.tidelake.table.actions;

import java.util.Objects;

/**
 * {@code add.deletionVector} / {@code remove.deletionVector}: where the bitmap of deleted rows lives.
 * {@code storageType} is {@code u} (UUID-named file relative to the table), {@code i} (inline z85 bytes)
 * or {@code p} (absolute path); {@code offset} is absent for inline vectors. {@code maxRowIndex} is not
 * in PROTOCOL.md's table but delta-spark writes it into checkpoints, so it is carried through.
 */
public record DeletionVectorDescriptor(
    String storageType,
    String pathOrInlineDv,
    Integer offset,
    int sizeInBytes,
    long cardinality,
    Long maxRowIndex) {

  public DeletionVectorDescriptor {
    Objects.requireNonNull(storageType, "storageType");
    Objects.requireNonNull(pathOrInlineDv, "pathOrInlineDv");
  }

  /**
   * The identity of this vector in log replay: the file key is {@code (path, uniqueId)}, so the same
   * data file with two different vectors is two different logical files.
   */
  public String uniqueId() {
    return offset != null ? storageType + pathOrInlineDv + "@" + offset : storageType + pathOrInlineDv;
  }
}
