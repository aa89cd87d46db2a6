package io.tidelake.table.actions;

import java.util.Map;

/**
 * The {@code checkpointMetadata} action: exactly one per V2 checkpoint, naming the version it captures.
 * Never valid in a commit file.
 */
public record CheckpointMetadata(long version, Map<String, String> tags) implements Action {
  public CheckpointMetadata {
    tags = Copies.mapOrNull(tags);
  }
}
