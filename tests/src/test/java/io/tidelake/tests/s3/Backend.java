package io.tidelake.tests.s3;

import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.types.StructType;
import io.tidelake.table.CreateTable;
import io.tidelake.table.Table;
import java.util.Map;

/**
 * Where a test's tables live: local disk, an S3 server, or a Hadoop FileSystem. The same test bodies
 * run against each. {@link #store()} is the backend's real store, shared by the tables a test opens
 * through {@link #open} and used directly to inspect or damage objects behind a table's back.
 */
public interface Backend extends AutoCloseable {

  String name();

  /** A fresh table location nothing has used yet. */
  String newLocation();

  /** Store options for {@code Table.create/open(location, options)} (empty for local disk). */
  Map<String, String> options();

  ObjectStore store();

  /** Whether locations are opened through {@code ObjectStores.forLocation}; false for stores built directly. */
  default boolean openableByLocation() {
    return true;
  }

  default CreateTable create(String location, StructType schema) {
    return Table.create(store(), location).schema(schema);
  }

  default Table open(String location) {
    return Table.open(store(), location);
  }

  /** A table handle with a store of its own, as a separate job or process would have. */
  default Table openIndependently(String location) {
    return openableByLocation() ? Table.open(location, options()) : Table.open(store(), location);
  }

  @Override
  default void close() {
    store().close();
  }
}
