package io.tidelake.format.store;

import io.tidelake.format.TidelakeException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Chooses the store for a table location: a plain path or {@code file:} URI is local disk; any other
 * scheme goes to a provider found on the classpath ({@code s3://} to the AWS SDK store, others to Hadoop).
 */
public final class ObjectStores {
  private ObjectStores() {}

  /** The URI scheme of a location, "file" for plain paths. */
  public static String schemeOf(String location) {
    int colon = location.indexOf(':');
    int slash = location.indexOf('/');
    if (colon > 1 && (slash < 0 || colon < slash)) {
      return location.substring(0, colon).toLowerCase(Locale.ROOT);
    }
    return "file"; // plain path (a one-letter "scheme" would be a Windows drive)
  }

  /**
   * The canonical form of a location: local paths become absolute and normalised without a trailing
   * slash ({@code file:/x} and {@code file:///x} become {@code /x}); other URIs lose a trailing slash.
   */
  public static String normalize(String location) {
    String scheme = schemeOf(location);
    if (scheme.equals("file")) {
      Path p = location.startsWith("file:") ? Path.of(URI.create(fileUri(location))) : Path.of(location);
      return p.toAbsolutePath().normalize().toString();
    }
    String s = location;
    while (s.endsWith("/") && s.length() > scheme.length() + 3) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  private static String fileUri(String location) {
    // file:/x and file:///x are both fine for URI; "file:relative" is not a valid hierarchical URI
    if (!location.startsWith("file:/")) {
      throw new TidelakeException("Unsupported file location '" + location + "': use an absolute file:/ URI or a plain path.");
    }
    return location;
  }

  /** A store for the location; {@code options} go to providers (ignored by the local store). */
  public static ObjectStore forLocation(String location, Map<String, String> options) {
    String scheme = schemeOf(location);
    if (scheme.equals("file")) {
      return new LocalObjectStore();
    }
    List<ObjectStoreProvider> candidates = new ArrayList<>();
    for (ObjectStoreProvider p : ServiceLoader.load(ObjectStoreProvider.class)) {
      if (p.supports(scheme)) {
        candidates.add(p);
      }
    }
    if (candidates.isEmpty()) {
      throw new TidelakeException("No store for '" + scheme + "://' locations (" + location + "). "
          + "Add the Tidelake S3 store (s3://) or the Hadoop store (hdfs, abfs, gs, s3a) to the classpath.");
    }
    candidates.sort(Comparator.comparingInt(ObjectStoreProvider::priority));
    return candidates.get(0).create(location, options);
  }

  public static ObjectStore forLocation(String location) {
    return forLocation(location, Map.of());
  }
}
