package io.tidelake.format.types;

import java.util.Objects;

/** map&lt;key, value&gt;; keys are never null. Values in a Row are {@link java.util.Map}s (insertion ordered). */
public record MapType(DataType keyType, DataType valueType, boolean valueContainsNull) implements DataType {
  public MapType {
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(valueType, "valueType");
  }

  @Override
  public String simpleString() {
    return "map<" + keyType.simpleString() + "," + valueType.simpleString() + ">";
  }

  @Override
  public String toString() {
    return simpleString();
  }
}
