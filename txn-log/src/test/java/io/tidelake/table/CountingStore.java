package io.tidelake.table;

import io.tidelake.format.store.FileInfo;
import io.tidelake.format.store.LocalObjectStore;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.store.SeekableObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The real local store, recording which objects were read and which directories listed. */
final class CountingStore implements ObjectStore {
  private final ObjectStore inner = new LocalObjectStore();
  final List<String> reads = new CopyOnWriteArrayList<>();
  final List<String> lists = new CopyOnWriteArrayList<>();

  void reset() {
    reads.clear();
    lists.clear();
  }

  @Override
  public String scheme() {
    return inner.scheme();
  }

  @Override
  public byte[] readAll(String path) {
    reads.add(path);
    return inner.readAll(path);
  }

  @Override
  public InputStream open(String path) {
    reads.add(path);
    return inner.open(path);
  }

  @Override
  public SeekableObject openSeekable(String path) {
    reads.add(path);
    return inner.openSeekable(path);
  }

  @Override
  public OutputStream create(String path) {
    return inner.create(path);
  }

  @Override
  public boolean putIfAbsent(String path, byte[] content) {
    return inner.putIfAbsent(path, content);
  }

  @Override
  public void put(String path, byte[] content) {
    inner.put(path, content);
  }

  @Override
  public List<FileInfo> list(String dir, String startAfterName) {
    lists.add(dir + " after " + startAfterName);
    return inner.list(dir, startAfterName);
  }

  @Override
  public List<FileInfo> listRecursive(String dir) {
    lists.add(dir);
    return inner.listRecursive(dir);
  }

  @Override
  public Optional<FileInfo> stat(String path) {
    return inner.stat(path);
  }

  @Override
  public boolean delete(String path) {
    return inner.delete(path);
  }
}
