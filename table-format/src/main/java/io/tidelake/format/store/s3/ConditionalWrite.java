package io.tidelake.format.store.s3;

import io.tidelake.format.store.CommitOutcomeUnknownException;
import io.tidelake.format.store.StorageException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a conditional create ({@code If-None-Match: *}) with the store's own retries, because the SDK's
 * cannot be trusted with it: when an attempt that may have landed (timeout, reset, 5xx after sending) is
 * retried and the retry answers 412, the SDK reports "taken" although the object may be our own. Here a
 * 412 after such an attempt is reported as {@link Outcome#TAKEN_AFTER_UNCERTAIN_ATTEMPT}, and attempts
 * that all failed ambiguously end in {@link CommitOutcomeUnknownException}, so the caller reads the object
 * back instead of retrying into a duplicate. Requests that surely had no effect (throttling, refused
 * connections) are retried with jittered exponential backoff.
 */
final class ConditionalWrite {
  private static final Logger LOG = LoggerFactory.getLogger(ConditionalWrite.class);
  private static final long BASE_DELAY_MS = 50;
  private static final long MAX_DELAY_MS = 5_000;

  private ConditionalWrite() {}

  enum Outcome {
    CREATED,
    /** Another writer's object has the name (the first attempt was refused). */
    TAKEN,
    /** Refused, but an earlier attempt of this call may have created the object: it may be ours. */
    TAKEN_AFTER_UNCERTAIN_ATTEMPT
  }

  /** One attempt: throws the SDK's exception on failure. */
  @FunctionalInterface
  interface Attempt {
    void run();
  }

  static Outcome run(String operation, String location, int maxAttempts, Attempt attempt) {
    boolean uncertain = false;
    RuntimeException last = null;
    for (int i = 1; i <= maxAttempts; i++) {
      try {
        attempt.run();
        return Outcome.CREATED;
      } catch (RuntimeException e) {
        S3Errors.Kind kind = S3Errors.classify(e);
        switch (kind) {
          case TAKEN:
            return uncertain ? Outcome.TAKEN_AFTER_UNCERTAIN_ATTEMPT : Outcome.TAKEN;
          case AMBIGUOUS:
            uncertain = true;
            break;
          case NOT_APPLIED:
            break;
          default:
            if (uncertain) {
              throw unknown(operation, location, i, e);
            }
            throw S3Errors.toStorage(operation, location, e);
        }
        last = e;
        LOG.debug("S3 {} of {} failed ({}, attempt {} of {}): {}", operation, location, kind, i, maxAttempts,
            e.toString());
        if (i < maxAttempts) {
          sleep(i, operation, location, uncertain, e);
        }
      }
    }
    if (uncertain) {
      throw unknown(operation, location, maxAttempts, last);
    }
    throw S3Errors.toStorage(operation, location, last);
  }

  private static CommitOutcomeUnknownException unknown(String operation, String location, int attempts, Throwable e) {
    return new CommitOutcomeUnknownException("S3 " + operation + " of " + location + ": after " + attempts
        + " attempt(s) it is unknown whether the object was created (last error: " + e + "). Read it back to find out.",
        e);
  }

  /** Jittered exponential backoff: a random delay between half and all of min(5 s, 50 ms * 2^attempt). */
  static void sleep(int attempt, String operation, String location, boolean uncertain, Throwable cause) {
    long cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS << Math.min(attempt, 10));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      if (uncertain) {
        throw unknown(operation, location, attempt, cause);
      }
      throw new StorageException("Interrupted while retrying S3 " + operation + " of " + location
          + "; nothing was written.", ie);
    }
  }
}
