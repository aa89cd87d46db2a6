package io.tidelake.table.internal;

import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.store.ObjectStores;
import io.tidelake.table.UnsafePathException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Turns {@code add.path} / {@code remove.path} strings into store locations. The path is an RFC 2396 URI:
 * decoded exactly once, resolved against the table root when relative, used as is when absolute. A path
 * that ends up outside the table root is refused unless external paths are explicitly allowed
 * (system property {@code tidelake.allowExternalPaths=true}).
 */
public final class DataPaths {
  private DataPaths() {}

  public static String resolve(ObjectStore store, String root, String logPath) {
    String location = locate(root, logPath);
    if (!location.startsWith(root + "/") && !Boolean.getBoolean("tidelake.allowExternalPaths")) {
      throw new UnsafePathException("The log of table " + root + " refers to the file '" + logPath
          + "', which lies outside the table root. Tidelake does not read, rewrite or delete files outside the "
          + "table. If the table legitimately references external files, set -Dtidelake.allowExternalPaths=true.");
    }
    return location;
  }

  /**
   * Whether a resolved location lies inside the table's {@code _delta_log} (compared ignoring case, for
   * case-insensitive stores): no data file lives there, so an add naming such a file (a checkpoint, a
   * commit) is a damaged or malicious log, and reading it as data would return wrong rows.
   */
  public static boolean isInLog(String root, String location) {
    String prefix = root + "/_delta_log/";
    return location.length() > prefix.length() && location.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  /**
   * The identity of a log path for matching adds with removes: one spelling per file, so that
   * {@code a%20b.parquet}, {@code a b.parquet}, {@code /root/a b.parquet} and {@code file:/root/a%20b.parquet}
   * are the same file (delta-spark matches them so too). Files under the root are keyed by their decoded
   * path relative to it, which never starts with '/'; anything else by "//" and its absolute location (or
   * "//?" and the raw string when it does not resolve), so a relative name like {@code s3%3A/b/x} can never
   * take the key of an external {@code s3://b/x}.
   */
  public static String canonical(String root, String logPath) {
    if (isPlainRelative(logPath)) {
      return logPath; // what Tidelake and Spark write: already canonical, and the common case costs nothing
    }
    try {
      String location = locate(root, logPath);
      return location.startsWith(root + "/") ? location.substring(root.length() + 1) : "//" + location;
    } catch (RuntimeException e) {
      return "//?" + logPath; // unsafe or malformed: refused when read, but replay still needs a key
    }
  }

  /** No escapes, scheme, leading '/', empty or dot segments: the path is its own canonical key. */
  private static boolean isPlainRelative(String p) {
    // String.indexOf is vectorized; a char loop here was 3 % of a 20,000-file snapshot load
    return !p.isEmpty() && p.charAt(0) != '/' && p.charAt(0) != '.' && p.indexOf('%') < 0 && p.indexOf(':') < 0
        && p.indexOf("//") < 0 && p.indexOf("/.") < 0;
  }

  /** The store location a log path names, decoded once; refuses '.'/'..' escapes, not external paths. */
  private static String locate(String root, String logPath) {
    String location;
    String scheme = schemeOf(logPath);
    if (scheme == null && logPath.startsWith("/")) {
      // an absolute path without a scheme is a path on the table's filesystem (Spark reads it so)
      int authorityEnd = root.indexOf('/', root.indexOf("://") + 3);
      location = ObjectStores.schemeOf(root).equals("file")
          ? ObjectStores.normalize(percentDecode(logPath))
          : (authorityEnd < 0 ? root : root.substring(0, authorityEnd)) + percentDecode(logPath);
    } else if (scheme == null) {
      String decoded = percentDecode(logPath);
      location = normalizeRelative(root, decoded, logPath);
    } else if (scheme.equals("file")) {
      location = ObjectStores.normalize(logPath); // java.net.URI decodes the percent-escapes once
    } else {
      location = scheme + ":" + percentDecode(logPath.substring(scheme.length() + 1));
      for (String seg : location.substring(scheme.length() + 1).split("/")) {
        if (seg.equals("..") || seg.equals(".")) {
          throw new UnsafePathException("The log of table " + root + " refers to the file '" + logPath
              + "', whose '.' or '..' segments could leave the table root. Tidelake refuses such paths.");
        }
      }
    }
    return location;
  }

  private static String schemeOf(String path) {
    int colon = path.indexOf(':');
    if (colon < 2) {
      return null;
    }
    for (int i = 0; i < colon; i++) {
      char c = path.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
        return null; // a colon inside a relative path segment, not a scheme
      }
    }
    return path.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
  }

  /** Resolves a decoded relative path, refusing '..' that climbs above the root. */
  private static String normalizeRelative(String root, String decoded, String original) {
    StringBuilder out = new StringBuilder(root);
    int depth = 0;
    for (String seg : decoded.split("/", -1)) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        throw new UnsafePathException("The log of table " + root + " refers to the file '" + original
            + "', whose '..' segments would leave the table root. Tidelake refuses such paths.");
      }
      out.append('/').append(seg);
      depth++;
    }
    if (depth == 0) {
      throw new UnsafePathException("Empty file path '" + original + "' in the log of table " + root + ".");
    }
    return out.toString();
  }

  /** Decodes %XX escapes (as UTF-8) once; '+' stays '+' (URI, not form encoding). */
  public static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
        bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
          b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        bytes.write(b, 0, b.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }
}
