package io.tidelake.format.store.s3;

import io.tidelake.format.TidelakeException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The settings of the S3 store, from the store options of {@code Table.create/open(location, options)}.
 * Everything is optional: without options the store uses the AWS default credential and region chains
 * and the endpoint from {@code AWS_ENDPOINT_URL_S3} / {@code AWS_ENDPOINT_URL}, as the AWS CLI does.
 *
 * @param endpoint endpoint override (an S3-compatible server), or null for AWS itself
 * @param pathStyle path-style addressing ({@code http://host/bucket/key}); null = decide from the endpoint
 */
public record S3Options(
    URI endpoint,
    String region,
    Boolean pathStyle,
    String accessKeyId,
    String secretAccessKey,
    String sessionToken,
    String profile,
    int partSize,
    int readAhead,
    int maxAttempts,
    int maxConnections,
    long connectTimeoutMs,
    long socketTimeoutMs) {

  /** Endpoint URL of an S3-compatible server (MinIO, Ceph, S3Proxy, LocalStack...). */
  public static final String ENDPOINT = "s3.endpoint";
  /** AWS region, e.g. {@code eu-west-1}. Default: the AWS region chain, else us-east-1. */
  public static final String REGION = "s3.region";
  /** {@code true} for path-style URLs. Default: true when the endpoint is localhost or an IP address. */
  public static final String PATH_STYLE = "s3.path-style";
  public static final String ACCESS_KEY_ID = "s3.access-key-id";
  public static final String SECRET_ACCESS_KEY = "s3.secret-access-key";
  public static final String SESSION_TOKEN = "s3.session-token";
  /** A named profile of ~/.aws/config and ~/.aws/credentials, instead of the default chain. */
  public static final String PROFILE = "s3.profile";
  /** Multipart part size in bytes (a suffix k/m/g is allowed), 5 MiB to 1 GiB. Default 8 MiB. */
  public static final String PART_SIZE = "s3.part-size";
  /** Bytes fetched per ranged GET for small reads (Parquet page headers, footers). Default 1 MiB. */
  public static final String READ_AHEAD = "s3.read-ahead";
  /** Attempts per request, including the first (SDK retries and the store's own). Default 8. */
  public static final String MAX_ATTEMPTS = "s3.max-attempts";
  public static final String MAX_CONNECTIONS = "s3.max-connections";
  public static final String CONNECT_TIMEOUT_MS = "s3.connect-timeout-ms";
  /** How long a request may wait for response bytes before it counts as failed. Default 60 s. */
  public static final String SOCKET_TIMEOUT_MS = "s3.socket-timeout-ms";

  static final Set<String> KEYS = Set.of(ENDPOINT, REGION, PATH_STYLE, ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN,
      PROFILE, PART_SIZE, READ_AHEAD, MAX_ATTEMPTS, MAX_CONNECTIONS, CONNECT_TIMEOUT_MS, SOCKET_TIMEOUT_MS);

  static final int MIN_PART = 5 * 1024 * 1024; // S3's minimum for every part but the last
  static final int MAX_PART = 1024 * 1024 * 1024;

  /**
   * Reads the options; {@code env} looks up environment variables or system properties (injectable for
   * tests). Unknown {@code s3.*} keys are refused, so a typo does not silently fall back to defaults.
   */
  public static S3Options parse(Map<String, String> options, Function<String, String> env) {
    for (String k : options.keySet()) {
      if (k.startsWith("s3.") && !KEYS.contains(k)) {
        throw new TidelakeException("Unknown S3 store option '" + k + "'. Known options: "
            + String.join(", ", KEYS.stream().sorted().toList()) + ".");
      }
    }
    String accessKey = blankToNull(options.get(ACCESS_KEY_ID));
    String secret = blankToNull(options.get(SECRET_ACCESS_KEY));
    if ((accessKey == null) != (secret == null)) {
      throw new TidelakeException("S3 store options " + ACCESS_KEY_ID + " and " + SECRET_ACCESS_KEY
          + " must be given together (or neither, to use the AWS default credential chain).");
    }
    String endpoint = blankToNull(options.get(ENDPOINT));
    if (endpoint == null) {
      endpoint = firstNonBlank(env.apply("AWS_ENDPOINT_URL_S3"), env.apply("aws.endpointUrlS3"),
          env.apply("AWS_ENDPOINT_URL"), env.apply("aws.endpointUrl"));
    }
    String pathStyle = blankToNull(options.get(PATH_STYLE));
    return new S3Options(
        endpoint == null ? null : endpointUri(endpoint),
        blankToNull(options.get(REGION)),
        pathStyle == null ? null : bool(PATH_STYLE, pathStyle),
        accessKey,
        secret,
        blankToNull(options.get(SESSION_TOKEN)),
        blankToNull(options.get(PROFILE)),
        (int) size(options, PART_SIZE, 8L << 20, MIN_PART, MAX_PART),
        (int) size(options, READ_AHEAD, 1L << 20, 0, 64L << 20),
        (int) size(options, MAX_ATTEMPTS, 8, 1, 100),
        (int) size(options, MAX_CONNECTIONS, 64, 1, 10_000),
        size(options, CONNECT_TIMEOUT_MS, 10_000, 1, 600_000),
        size(options, SOCKET_TIMEOUT_MS, 60_000, 1, 3_600_000));
  }

  /** Path-style unless told otherwise when the endpoint is localhost or an IP literal (no DNS per bucket). */
  public boolean usePathStyle() {
    if (pathStyle != null) {
      return pathStyle;
    }
    return endpoint != null && isLocalOrIp(endpoint.getHost());
  }

  static boolean isLocalOrIp(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.endsWith(".localhost") || h.startsWith("[") || h.contains(":")
        || h.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  private static URI endpointUri(String s) {
    try {
      URI u = new URI(s.contains("://") ? s : "https://" + s);
      if (u.getHost() == null) {
        throw new URISyntaxException(s, "no host");
      }
      return u;
    } catch (URISyntaxException e) {
      throw new TidelakeException("Invalid S3 endpoint '" + s + "' (" + ENDPOINT + " or AWS_ENDPOINT_URL[_S3]): "
          + "expected a URL such as http://127.0.0.1:9000 or https://s3.eu-west-1.amazonaws.com.");
    }
  }

  private static boolean bool(String key, String v) {
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new TidelakeException("S3 store option " + key + " must be true or false, not '" + v + "'.");
    };
  }

  /** A whole number, optionally with a k/m/g (binary) suffix, within [min, max]. */
  static long size(Map<String, String> options, String key, long dflt, long min, long max) {
    String raw = blankToNull(options.get(key));
    if (raw == null) {
      return dflt;
    }
    String v = raw.trim().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
    long mult = 1;
    char last = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
    if (last == 'k' || last == 'm' || last == 'g') {
      mult = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
      v = v.substring(0, v.length() - 1).trim();
    }
    long n;
    try {
      n = Math.multiplyExact(Long.parseLong(v), mult);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new TidelakeException("S3 store option " + key + " must be a whole number, not '" + raw + "'.");
    }
    if (n < min || n > max) {
      throw new TidelakeException("S3 store option " + key + "=" + raw + " is out of range: it must be between "
          + min + " and " + max + ".");
    }
    return n;
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (blankToNull(v) != null) {
        return v.trim();
      }
    }
    return null;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  @Override
  public String toString() {
    // never print secrets
    return "S3Options{endpoint=" + endpoint + ", region=" + region + ", pathStyle=" + usePathStyle()
        + ", credentials=" + (accessKeyId != null ? "static" : profile != null ? "profile " + profile : "default chain")
        + ", partSize=" + partSize + ", readAhead=" + readAhead + ", maxAttempts=" + maxAttempts + "}";
  }
}
