package io.tidelake.format.store;

import java.io.Closeable;

/** Positional read access to one object: what Parquet needs for its footer and column chunks. */
public interface SeekableObject extends Closeable {

  long length();

  /** Reads exactly {@code len} bytes starting at {@code position}, or fails if the object is shorter. */
  void readFully(long position, byte[] buffer, int offset, int len);

  @Override
  void close();
}
