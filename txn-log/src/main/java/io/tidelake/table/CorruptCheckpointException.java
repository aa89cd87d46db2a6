package io.tidelake.table;

/**
 * A checkpoint under {@code _delta_log/} cannot be read (truncated, garbled, a part or sidecar missing).
 * Readers fall back to an older checkpoint or to the JSON commits the checkpoint covers; this is raised
 * only when no complete path to the version remains, and names the checkpoint and the remedy.
 */
public class CorruptCheckpointException extends CorruptLogException {
  private final long checkpointVersion;

  public CorruptCheckpointException(String file, long checkpointVersion, String message, Throwable cause) {
    super(file, 0, message, cause);
    this.checkpointVersion = checkpointVersion;
  }

  /** The table version the damaged checkpoint is of. */
  public long checkpointVersion() {
    return checkpointVersion;
  }
}
