package io.tidelake.table.actions;

import java.util.Map;
import java.util.Objects;

/**
 * The {@code sidecar} action of a V2 checkpoint: a parquet file under {@code _delta_log/_sidecars/}
 * holding part of the checkpoint's add/remove actions. {@code path} is usually just the file name,
 * relative to the sidecar directory.
 */
public record Sidecar(String path, long sizeInBytes, long modificationTime, Map<String, String> tags)
    implements Action {
  public Sidecar {
    Objects.requireNonNull(path, "path");
    tags = Copies.mapOrNull(tags);
  }
}
