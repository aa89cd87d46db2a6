package io.tidelake.stream;

import java.util.function.Consumer;

/**
 * Opens the streaming engine's package-private fault hook ({@code StreamingQueryBuilder.faults}) to the
 * cross-module tests: it lives in the engine's package, in test sources only, so nothing of it ships.
 */
public final class StreamTestHooks {
  private StreamTestHooks() {}

  /** Calls {@code hook} at the named points of each batch ("afterOffsets", "afterSink"). */
  public static StreamingQueryBuilder faults(StreamingQueryBuilder builder, Consumer<String> hook) {
    return builder.faults(hook);
  }
}
