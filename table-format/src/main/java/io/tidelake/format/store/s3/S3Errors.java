package io.tidelake.format.store.s3;

import io.tidelake.format.store.ObjectNotFoundException;
import io.tidelake.format.store.StorageException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Sorts S3 failures by what they say about the request, which is what decides whether a conditional
 * write may be retried: a retry after a request that may have taken effect could find its own object
 * and mistake it for someone else's.
 */
final class S3Errors {
  private S3Errors() {}

  enum Kind {
    /** 412 Precondition Failed, or 409 ConditionalRequestConflict: the name is taken. */
    TAKEN,
    /** 404: no such key (or bucket, or upload). */
    NOT_FOUND,
    /** The request surely had no effect (throttled, never sent): safe to retry. */
    NOT_APPLIED,
    /** The request may or may not have taken effect (5xx, timeout or reset after sending). */
    AMBIGUOUS,
    /** Retrying cannot help (credentials, permissions, bad request, unsupported feature). */
    FATAL
  }

  static Kind classify(Throwable e) {
    if (e instanceof SdkServiceException s) {
      int status = s.statusCode();
      String code = errorCode(s);
      if (status == 412) {
        return Kind.TAKEN;
      }
      if (status == 409) {
        // ConditionalRequestConflict: a concurrent conditional write of the same key won or is winning
        return "ConditionalRequestConflict".equals(code) ? Kind.TAKEN : Kind.NOT_APPLIED;
      }
      if (status == 404) {
        return Kind.NOT_FOUND;
      }
      if (status == 429 || (status == 503 && isThrottle(code))) {
        return Kind.NOT_APPLIED; // rejected before any work was done
      }
      if (status == 400 && "RequestTimeout".equals(code)) {
        return Kind.NOT_APPLIED; // the server never received the whole body
      }
      if (status == 501) {
        return Kind.FATAL; // e.g. conditional writes not implemented by this server
      }
      if (status >= 500) {
        return Kind.AMBIGUOUS; // AWS: a 500 may have completed the request
      }
      return s.isThrottlingException() ? Kind.NOT_APPLIED : Kind.FATAL;
    }
    if (e instanceof SdkClientException) {
      if (hasCause(e, ConnectException.class) || hasCause(e, UnknownHostException.class)
          || hasCause(e, NoRouteToHostException.class) || causeNamed(e, "ConnectionPoolTimeoutException")) {
        return Kind.NOT_APPLIED; // no connection, so nothing was sent
      }
      if (isConfigurationError(e)) {
        return Kind.FATAL; // no credentials or region: raised before anything is sent, retrying cannot help
      }
      // Anything else may come after the request was sent: a timeout, a reset, an unreadable response,
      // or the SDK's own check of the thread's interrupt flag AFTER the response arrived (AbortedException).
      // Calling that "not applied" could report a landed commit as failed; the read-back settles it.
      return Kind.AMBIGUOUS;
    }
    if (e instanceof IOException && !(e instanceof InterruptedIOException)) {
      return Kind.AMBIGUOUS;
    }
    return Kind.FATAL;
  }

  private static boolean isConfigurationError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage() == null ? "" : t.getMessage();
      if (m.contains("Unable to load credentials") || m.contains("Unable to load region")
          || m.contains("Access key ID cannot be blank") || m.contains("Secret access key cannot be blank")
          || t.getClass().getSimpleName().contains("Credentials")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isThrottle(String code) {
    // only S3's explicit "slow down" answers; an unexplained 503 (e.g. from a proxy) may have been processed
    return code != null && (code.equals("SlowDown") || code.contains("Throttl") || code.equals("RequestLimitExceeded"));
  }

  static String errorCode(SdkServiceException s) {
    if (s instanceof AwsServiceException a && a.awsErrorDetails() != null) {
      return a.awsErrorDetails().errorCode();
    }
    return null;
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean causeNamed(Throwable e, String namePart) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t.getClass().getSimpleName().contains(namePart)) {
        return true;
      }
    }
    return false;
  }

  /** A typed exception that says what failed, where, and what usually fixes it. */
  static StorageException toStorage(String operation, String location, Throwable e) {
    if (e instanceof StorageException se) {
      return se;
    }
    String what = "S3 " + operation + " of " + location + " failed";
    if (e instanceof SdkServiceException s) {
      String code = errorCode(s);
      int status = s.statusCode();
      String detail = " (HTTP " + status + (code == null ? "" : " " + code) + ")";
      if (status == 404 && "NoSuchBucket".equals(code)) {
        return new StorageException(what + detail + ": the bucket does not exist. Create it, or fix the location.", e);
      }
      if (status == 404) {
        return new ObjectNotFoundException(location, "No such S3 object: " + location);
      }
      if (status == 403 && "RequestTimeTooSkewed".equals(code)) {
        return new StorageException(what + detail + ": this machine's clock is off; synchronise it (NTP).", e);
      }
      if (status == 403 || status == 401) {
        return new StorageException(what + detail + ": access denied. Check the credentials (" + S3Options.ACCESS_KEY_ID
            + "/" + S3Options.SECRET_ACCESS_KEY + ", AWS_ACCESS_KEY_ID, or " + S3Options.PROFILE
            + ") and that the bucket policy allows this operation.", e);
      }
      if (status == 301 || "PermanentRedirect".equals(code) || "AuthorizationHeaderMalformed".equals(code)) {
        return new StorageException(what + detail + ": the bucket is in another region; set " + S3Options.REGION
            + " (or AWS_REGION) to the bucket's region.", e);
      }
      if (status == 501) {
        return new StorageException(what + detail + ": the S3 server does not implement this request. Tidelake "
            + "commits need conditional writes (PUT with If-None-Match: *), which AWS S3, MinIO, Ceph and S3Proxy support.", e);
      }
      return new StorageException(what + detail + ": " + firstLine(s.getMessage())
          + (status >= 500 || status == 429 ? " The server kept failing after retries; try again later." : ""), e);
    }
    if (hasCause(e, ConnectException.class) || hasCause(e, UnknownHostException.class)) {
      return new StorageException(what + ": cannot connect (" + rootMessage(e) + "). Check that the S3 endpoint ("
          + S3Options.ENDPOINT + " or AWS_ENDPOINT_URL) is right and reachable.", e);
    }
    if (e instanceof SdkClientException && !hasCause(e, IOException.class) && rootMessage(e) != null
        && rootMessage(e).toLowerCase(java.util.Locale.ROOT).contains("credential")) {
      return new StorageException(what + ": " + firstLine(e.getMessage()) + " Give " + S3Options.ACCESS_KEY_ID
          + " and " + S3Options.SECRET_ACCESS_KEY + " store options, or configure the AWS default credential chain.", e);
    }
    return new StorageException(what + ": " + firstLine(String.valueOf(e.getMessage())), e);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
