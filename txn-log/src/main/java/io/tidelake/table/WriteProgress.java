package io.tidelake.table;

/** Progress of a long write: rows and bytes written so far, and data files completed. */
public record WriteProgress(String operation, long rowsWritten, long filesWritten, long bytesWritten) {}
