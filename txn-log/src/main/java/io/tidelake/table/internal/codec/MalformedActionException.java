package io.tidelake.table.internal.codec;

/**
 * Raised by the readers for JSON that is well-formed but does not have the shape of a Delta action. It
 * carries only the "what"; {@link ActionCodec} adds the file, the line and the advice when it turns it
 * into a {@link io.tidelake.table.CorruptLogException}.
 */
final class MalformedActionException extends RuntimeException {
  MalformedActionException(String what) {
    super(what, null, false, false); // no stack trace: it is always caught and wrapped
  }
}
