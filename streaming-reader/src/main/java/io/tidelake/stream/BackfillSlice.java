package io.tidelake.stream;

/**
 * The outcome of one slice (one partition value) of a {@link Backfill}, as the ledger keeps it.
 *
 * @param value the partition value, as written in partition paths ({@code 2024-01-31}, {@code 7})
 * @param status {@code succeeded} or {@code failed}
 * @param attempts attempts made in the run that wrote this entry
 * @param rows rows written into the target partition
 * @param targetVersion the target table version the slice committed (-1 when failed or already there)
 * @param error the last error's message when failed, else null
 */
public record BackfillSlice(String value, String status, int attempts, long rows, long targetVersion, String error) {
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  public boolean succeeded() {
    return SUCCEEDED.equals(status);
  }
}
