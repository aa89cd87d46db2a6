package io.tidelake.merge;

/**
 * Where a running MERGE is, for progress displays ({@link Merge#onProgress}): the phase ({@code reading
 * source}, {@code matching} — pass 1, once per spill batch when the source spilled — {@code rewriting},
 * {@code inserting}), the target files done of the phase's total and their bytes, and the rows written so far.
 */
public record MergeProgress(String phase, long targetFilesDone, long targetFiles, long targetBytesDone,
    long sourceRowsRead, long rowsWritten) {}
