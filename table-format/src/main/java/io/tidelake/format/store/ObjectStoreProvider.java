package io.tidelake.format.store;

import java.util.Map;

/**
 * Plugs a store for one or more URI schemes into {@link ObjectStores} through {@link java.util.ServiceLoader}
 * (META-INF/services/io.tidelake.format.store.ObjectStoreProvider), so optional stores such as S3 or
 * Hadoop bring their dependencies only to users who put them on the classpath.
 */
public interface ObjectStoreProvider {

  /** Whether this provider serves locations with this (lower-case) scheme. */
  boolean supports(String scheme);

  /** A store for the location; {@code options} are store settings (endpoint, region, credentials...). */
  ObjectStore create(String location, Map<String, String> options);

  /** Lower numbers win when several providers support a scheme (S3 SDK before Hadoop for s3://). */
  default int priority() {
    return 100;
  }
}
