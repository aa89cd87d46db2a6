package io.tidelake.stream;

/** A backfill that cannot start: bad range, a partition column the source or target lacks, a foreign ledger. */
public class BackfillException extends StreamingException {
  public BackfillException(String message) {
    super(message);
  }
}
