package io.tidelake.format.store;

/** An object's location, size in bytes and modification time (epoch ms). */
public record FileInfo(String path, long size, long modificationTime) {

  /** The last path segment. */
  public String name() {
    int i = path.lastIndexOf('/');
    return i < 0 ? path : path.substring(i + 1);
  }
}
