package io.tidelake.table.internal.checkpoint;

import io.tidelake.format.store.FileInfo;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.table.actions.Action;
import java.util.List;
import java.util.function.Consumer;

/** Reads the actions of one checkpoint (all parts; V2 with its sidecars). */
public interface CheckpointReader {

  /** Feeds every action of the checkpoint to {@code sink}. */
  void read(ObjectStore store, String tableRoot, List<FileInfo> parts, Consumer<Action> sink);
}
