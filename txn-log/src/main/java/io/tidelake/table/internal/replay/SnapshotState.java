package io.tidelake.table.internal.replay;

import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.DomainMetadata;
import io.tidelake.table.actions.FileKey;
import io.tidelake.table.actions.Metadata;
import io.tidelake.table.actions.Protocol;
import io.tidelake.table.actions.RemoveFile;
import io.tidelake.table.actions.SetTransaction;
import java.util.Collections;
import java.util.Map;

/**
 * The reconciled state of a table at one version: one protocol, one metadata, the newest txn per appId,
 * live domains, live files keyed by (path, deletion vector id), and unexpired tombstones. Immutable once
 * built; a refresh copies it and applies the new commits.
 *
 * @param timestamp the commit timestamp of {@code version} in epoch ms (in-commit timestamp when the
 *     commit has one, else the commit file's modification time)
 * @param timestampIsInCommit whether {@code timestamp} is the version's in-commit timestamp (false when
 *     the commit has none, or when only a checkpoint covers the version and its commit file is gone)
 */
public record SnapshotState(
    long version,
    long timestamp,
    boolean timestampIsInCommit,
    Protocol protocol,
    Metadata metadata,
    Map<String, SetTransaction> txns,
    Map<String, DomainMetadata> domains,
    Map<FileKey, AddFile> files,
    Map<FileKey, RemoveFile> tombstones) {

  public SnapshotState {
    txns = Collections.unmodifiableMap(txns);
    domains = Collections.unmodifiableMap(domains);
    // a LayeredMap is immutable already, and must stay visible as one so the next refresh can share it
    files = files instanceof LayeredMap ? files : Collections.unmodifiableMap(files);
    tombstones = tombstones instanceof LayeredMap ? tombstones : Collections.unmodifiableMap(tombstones);
  }
}
