package io.tidelake.benchmarks;

import io.tidelake.format.store.LocalObjectStore;
import io.tidelake.format.store.ObjectStore;
import java.nio.file.Path;

/**
 * Where the commit benchmark's tables live: a store and a location per table. The benchmark code only talks
 * to {@link ObjectStore} and {@code Table.create/open(store, location)}, so every target runs the same code.
 *
 * <p>Targets: {@link #local} (a directory) and {@link S3ProxyTarget} (Tidelake's S3 store against an
 * in-process S3Proxy). Another store is one more implementation here and one line in
 * {@link BenchMain#commitTargets}.
 */
interface StoreTarget extends AutoCloseable {
  /** The {@code store=} value of the RESULT lines. */
  String name();

  ObjectStore store();

  /** A fresh location for a table called {@code table}. */
  String location(String table);

  @Override
  default void close() {}

  static StoreTarget local(Path dir) {
    ObjectStore store = new LocalObjectStore();
    return new StoreTarget() {
      @Override
      public String name() {
        return "local";
      }

      @Override
      public ObjectStore store() {
        return store;
      }

      @Override
      public String location(String table) {
        return dir.resolve(table).toAbsolutePath().toString();
      }

      @Override
      public void close() {
        Harness.deleteTree(dir);
      }
    };
  }
}
