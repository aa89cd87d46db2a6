package io.tidelake.format.types;

/**
 * A Delta column type. The set is closed: exactly the types of the Delta protocol's schema
 * serialization (primitive, decimal, array, map, struct).
 */
public sealed interface DataType permits PrimitiveType, DecimalType, ArrayType, MapType, StructType {

  /** The type as Delta's schema JSON spells it for primitives ("long", "decimal(10,2)"); a summary for nested types. */
  String simpleString();
}
