package io.tidelake.stream;

import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.store.ObjectStores;
import java.util.Map;

/**
 * Where a sink, late table or checkpoint lives: a location with store options (the query opens the store
 * when it starts and closes it when it ends), or a store the caller manages ({@code given}).
 */
record StoreLocation(String root, Map<String, String> options, ObjectStore given) {
  static StoreLocation of(String location, Map<String, String> options) {
    return new StoreLocation(ObjectStores.normalize(location), Map.copyOf(options), null);
  }

  static StoreLocation of(ObjectStore store, String location) {
    return new StoreLocation(ObjectStores.normalize(location), Map.of(), store);
  }

  /** Whether the query must close the store {@link #open()} returns. */
  boolean ownsStore() {
    return given == null;
  }

  ObjectStore open() {
    return given != null ? given : ObjectStores.forLocation(root, options);
  }
}
