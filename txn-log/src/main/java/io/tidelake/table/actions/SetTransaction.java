package io.tidelake.table.actions;

import java.util.Objects;

/**
 * The {@code txn} action: the last version committed by an application ({@code appId}), used for
 * idempotent / exactly-once writes. Replay keeps the latest one per appId.
 */
public record SetTransaction(String appId, long version, Long lastUpdated) implements Action {
  public SetTransaction {
    Objects.requireNonNull(appId, "appId");
  }
}
