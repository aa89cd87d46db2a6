package io.tidelake.table.actions;

/**
 * One line of a Delta commit file ({@code _delta_log/<version>.json}) or one row of a checkpoint. The set
 * is closed on purpose: log replay, checkpoint writing and conflict detection switch over every action
 * type, and a new type must be handled by each of them. Actions this library does not know are dropped
 * by the codec (the protocol requires readers to ignore them), so they never reach this type.
 */
public sealed interface Action
    permits Protocol,
        Metadata,
        AddFile,
        RemoveFile,
        AddCDCFile,
        SetTransaction,
        CommitInfo,
        DomainMetadata,
        CheckpointMetadata,
        Sidecar {}
