package io.tidelake.format.partition;

import io.tidelake.format.TidelakeException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;
import java.util.UUID;

/**
 * Partition directory names and {@code add.path} encoding (PROTOCOL.md "Path", reference implementation
 * conventions). Two separate escapings are involved and must not be confused:
 * <ol>
 *   <li>Hive escaping of names and values in directory names: {@code a/b} → {@code a%2Fb}.
 *   <li>URI encoding of the relative path stored in the log: {@code %} → {@code %25}, space → {@code %20}.
 * </ol>
 * A value {@code + =%0} therefore lives in directory {@code c2=+ %3D%250}, logged as
 * {@code c2=+%20%253D%25250/part-...}. Readers decode the logged path exactly once and never rebuild it
 * from partition values (other writers escape differently).
 */
public final class PartitionPaths {
  /** Directory value for a null partition value (Hive's convention, used by Spark and Kernel). */
  public static final String DEFAULT_PARTITION_NAME = "__HIVE_DEFAULT_PARTITION__";

  private static final BitSet HIVE_ESCAPED = new BitSet(128);
  private static final BitSet URI_KEPT = new BitSet(128);
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  static {
    // Hive's FileUtils.charToEscape, as Spark and Kernel use it. Space and '+' are NOT escaped.
    for (char c = 1; c < ' '; c++) {
      HIVE_ESCAPED.set(c);
    }
    for (char c : "\"#%'*/:=?\\\u007F{[]^".toCharArray()) {
      HIVE_ESCAPED.set(c);
    }
    // What java.net.URI leaves alone in a path (unreserved, punct, '/', '@'), as Hadoop Path.toUri does.
    for (char c = 'a'; c <= 'z'; c++) {
      URI_KEPT.set(c);
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      URI_KEPT.set(c);
    }
    for (char c = '0'; c <= '9'; c++) {
      URI_KEPT.set(c);
    }
    for (char c : "_-!.~'()*,;:$&+=/@".toCharArray()) {
      URI_KEPT.set(c);
    }
  }

  private PartitionPaths() {}

  /**
   * The Hive-style directory for one partition, {@code col1=v1/col2=v2} with names and values escaped;
   * a null (or empty) value becomes {@value #DEFAULT_PARTITION_NAME}. Empty for an unpartitioned table.
   */
  public static String partitionDirectory(List<String> columns, List<String> serializedValues) {
    if (columns.size() != serializedValues.size()) {
      throw new IllegalArgumentException(columns.size() + " partition columns but " + serializedValues.size() + " values");
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) {
        sb.append('/');
      }
      String v = serializedValues.get(i);
      sb.append(escapePathName(columns.get(i))).append('=')
          .append(v == null || v.isEmpty() ? DEFAULT_PARTITION_NAME : escapePathName(v));
    }
    return sb.toString();
  }

  /** Hive escaping: the characters Hive, Spark and Kernel escape become {@code %XX} (uppercase hex). */
  public static String escapePathName(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 128 && HIVE_ESCAPED.get(c)) {
        if (sb == null) {
          sb = new StringBuilder(s.length() + 8).append(s, 0, i);
        }
        sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? s : sb.toString();
  }

  /** Reverses {@link #escapePathName}: {@code %XX} with two hex digits becomes the char; anything else stays. */
  public static String unescapePathName(String s) {
    int first = s.indexOf('%');
    if (first < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length()).append(s, 0, first);
    for (int i = first; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
        sb.append((char) (hex(s.charAt(i + 1)) << 4 | hex(s.charAt(i + 2))));
        i += 2;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * The form of a relative file path stored in {@code add.path}: RFC 2396 escaping as
   * {@code java.net.URI}/Hadoop {@code Path.toUri()} produce it for Spark. '/' separators stay; '%', space,
   * and other ASCII characters outside the URI path set become {@code %XX} of their UTF-8 bytes; non-ASCII
   * letters stay as they are (as in Spark's logs).
   */
  public static String encodeLogPath(String relativePath) {
    StringBuilder sb = null;
    for (int i = 0; i < relativePath.length(); i++) {
      char c = relativePath.charAt(i);
      boolean keep = c < 128 ? URI_KEPT.get(c) : !(Character.isISOControl(c) || Character.isSpaceChar(c));
      if (keep) {
        if (sb != null) {
          sb.append(c);
        }
        continue;
      }
      if (sb == null) {
        sb = new StringBuilder(relativePath.length() + 16).append(relativePath, 0, i);
      }
      int end = i + 1;
      if (Character.isHighSurrogate(c) && end < relativePath.length()) {
        end++;
      }
      for (byte b : relativePath.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
        sb.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
      }
      i = end - 1;
    }
    return sb == null ? relativePath : sb.toString();
  }

  /**
   * Decodes an {@code add.path} once: every {@code %XX} becomes its byte, the bytes are read as UTF-8.
   * '+' stays '+' (this is URI, not form, encoding). Decoding twice would be wrong: Spark's directory names
   * themselves contain '%'.
   *
   * @throws TidelakeException for a '%' not followed by two hex digits (not a valid URI path)
   */
  public static String decodeLogPath(String logPath) {
    int first = logPath.indexOf('%');
    if (first < 0) {
      return logPath;
    }
    StringBuilder sb = new StringBuilder(logPath.length()).append(logPath, 0, first);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = first;
    while (i < logPath.length()) {
      char c = logPath.charAt(i);
      if (c != '%') {
        sb.append(c);
        i++;
        continue;
      }
      bytes.reset();
      while (i < logPath.length() && logPath.charAt(i) == '%') {
        if (i + 2 >= logPath.length()) {
          throw badEscape(logPath, i);
        }
        int hi = hex(logPath.charAt(i + 1));
        int lo = hex(logPath.charAt(i + 2));
        if (hi < 0 || lo < 0) {
          throw badEscape(logPath, i);
        }
        bytes.write(hi << 4 | lo);
        i += 3;
      }
      sb.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  private static TidelakeException badEscape(String path, int at) {
    return new TidelakeException("Invalid escape at position " + at + " in file path '" + path
        + "': '%' must be followed by two hex digits. The log entry's path is not a valid URI path.");
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /**
   * A data file name in Spark's pattern, {@code part-00000-<uuid>.c000.snappy.parquet}; {@code codecSuffix}
   * is "snappy", "zstd", "gz" or empty for uncompressed ({@code part-00000-<uuid>.c000.parquet}).
   */
  public static String dataFileName(int fileIndex, UUID uuid, String codecSuffix) {
    String codec = codecSuffix == null || codecSuffix.isEmpty() ? "" : "." + codecSuffix;
    return String.format("part-%05d-%s.c000%s.parquet", fileIndex, uuid, codec);
  }
}
