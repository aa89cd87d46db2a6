package io.tidelake.format.types;

import java.util.Objects;

/** array&lt;element&gt;; values in a Row are {@link java.util.List}s. */
public record ArrayType(DataType elementType, boolean containsNull) implements DataType {
  public ArrayType {
    Objects.requireNonNull(elementType, "elementType");
  }

  @Override
  public String simpleString() {
    return "array<" + elementType.simpleString() + ">";
  }

  @Override
  public String toString() {
    return simpleString();
  }
}
