package io.tidelake.format.parquet.internal;

import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.store.SeekableObject;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A Parquet {@link InputFile} over {@link ObjectStore#openSeekable}. The length is taken once from the
 * opened object; each {@link #newStream()} opens the object again (Parquet opens one stream per file).
 */
public final class StoreInputFile implements InputFile, AutoCloseable {
  private final ObjectStore store;
  private final String path;
  private SeekableObject first;
  private long length = -1;

  public StoreInputFile(ObjectStore store, String path) {
    this.store = store;
    this.path = path;
  }

  public String path() {
    return path;
  }

  @Override
  public long getLength() {
    if (length < 0) {
      first = store.openSeekable(path);
      length = first.length();
    }
    return length;
  }

  @Override
  public SeekableInputStream newStream() {
    SeekableObject obj;
    if (first != null) {
      obj = first; // reuse the object opened for getLength(): saves a round trip on object stores
      first = null;
    } else {
      obj = store.openSeekable(path);
      if (length < 0) {
        length = obj.length();
      }
    }
    return new BufferedSeekableStream(obj, path);
  }

  /** Releases an object opened by {@link #getLength()} that no stream took over. */
  public void close() {
    if (first != null) {
      first.close();
      first = null;
    }
  }

  @Override
  public String toString() {
    return path;
  }
}
