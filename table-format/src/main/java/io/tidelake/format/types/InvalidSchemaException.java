package io.tidelake.format.types;

import io.tidelake.format.TidelakeException;

/** A schema (JSON or DDL text, or a struct built in code) that Delta cannot represent. */
public class InvalidSchemaException extends TidelakeException {
  public InvalidSchemaException(String message) {
    super(message);
  }

  public InvalidSchemaException(String message, Throwable cause) {
    super(message, cause);
  }
}
