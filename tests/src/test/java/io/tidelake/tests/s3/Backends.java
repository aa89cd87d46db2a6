package io.tidelake.tests.s3;

import io.tidelake.format.store.LocalObjectStore;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.store.ObjectStores;
import io.tidelake.format.store.hadoop.HadoopObjectStoreProvider;
import io.tidelake.format.store.s3.S3Options;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The backends the suites run on. */
public final class Backends {
  private static final AtomicInteger TABLES = new AtomicInteger();

  private Backends() {}

  private static String uniqueName() {
    return "t" + TABLES.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Local disk in a temp directory, through {@link LocalObjectStore}. */
  public static Backend local(Path dir) {
    ObjectStore store = new LocalObjectStore();
    return new Backend() {
      public String name() {
        return "local";
      }

      public String newLocation() {
        return dir.resolve(uniqueName()).toAbsolutePath().toString();
      }

      public Map<String, String> options() {
        return Map.of();
      }

      public ObjectStore store() {
        return store;
      }
    };
  }

  /** A fresh bucket on the JVM-wide in-process S3Proxy. */
  public static Backend s3Proxy() {
    S3TestServer server = S3TestServer.shared();
    return s3("s3proxy", server.newBucket(), server.storeOptions());
  }

  /** Any S3 endpoint: a bucket that exists, and the store options that reach it. */
  public static Backend s3(String name, String bucket, Map<String, String> options) {
    ObjectStore store = ObjectStores.forLocation("s3://" + bucket, options);
    return new Backend() {
      public String name() {
        return name;
      }

      public String newLocation() {
        return "s3://" + bucket + "/tables/" + uniqueName();
      }

      public Map<String, String> options() {
        return options;
      }

      public ObjectStore store() {
        return store;
      }
    };
  }

  /** A plain SDK client for the S3 server that store options point at, to look behind the store's back. */
  public static S3Client sdkClient(Map<String, String> options) {
    return S3Client.builder()
        .endpointOverride(URI.create(options.get(S3Options.ENDPOINT)))
        .forcePathStyle(true)
        .region(Region.of(options.get(S3Options.REGION)))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            options.get(S3Options.ACCESS_KEY_ID), options.get(S3Options.SECRET_ACCESS_KEY))))
        .build();
  }

  /** Hadoop's local FileSystem (RawLocalFileSystem) through the Hadoop store, with file: URIs. */
  public static Backend hadoopLocal(Path dir) {
    URI base = dir.toAbsolutePath().toUri();
    ObjectStore store = new HadoopObjectStoreProvider().create(base.toString(), Map.of());
    return new Backend() {
      public String name() {
        return "hadoop-file";
      }

      public String newLocation() {
        Path p = dir.resolve(uniqueName());
        try {
          Files.createDirectories(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return p.toAbsolutePath().toString();
      }

      public Map<String, String> options() {
        return Map.of();
      }

      public ObjectStore store() {
        return store;
      }

      public boolean openableByLocation() {
        return false; // a plain path would open the local store; this backend is about Hadoop's
      }
    };
  }
}
