package io.tidelake.table;

import io.tidelake.format.TidelakeException;

/**
 * A staged commit cannot be staged, published or discarded as asked. Nothing was committed; the kind says
 * why and the message how to proceed.
 */
public class StagedCommitException extends TidelakeException {
  /** Why the operation was refused. */
  public enum Kind {
    /** No staged commit with this id (never staged, or discarded). */
    NOT_FOUND,
    /** A staged commit with this id already exists. */
    ALREADY_EXISTS,
    /** The id is not usable as a name (letters, digits, '.', '_', '-'; at most 128). */
    INVALID_ID,
    /** Older than the table's staged-commit retention: publish refuses it; discard it. */
    EXPIRED,
    /** Data files it would add are gone (deleted, or vacuumed by another engine). */
    FILES_MISSING,
    /** It was published: its files are part of the table and cannot be discarded. */
    ALREADY_PUBLISHED,
    /** This kind of update cannot be staged yet. */
    NOT_SUPPORTED,
    /** A discard of it has begun (its files may be partly gone): publish refuses it; discard again to finish. */
    DISCARDING,
    /** A publish of it has begun: discard refuses it; publish again to finish (idempotent). */
    PUBLISHING
  }

  private final Kind kind;
  private final String id;

  public StagedCommitException(Kind kind, String id, String message) {
    super(message);
    this.kind = kind;
    this.id = id;
  }

  public Kind kind() {
    return kind;
  }

  /** The staged commit's id. */
  public String id() {
    return id;
  }
}
