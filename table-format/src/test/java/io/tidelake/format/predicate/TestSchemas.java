package io.tidelake.format.predicate;

import static io.tidelake.format.types.PrimitiveType.BINARY;
import static io.tidelake.format.types.PrimitiveType.BOOLEAN;
import static io.tidelake.format.types.PrimitiveType.DATE;
import static io.tidelake.format.types.PrimitiveType.DOUBLE;
import static io.tidelake.format.types.PrimitiveType.FLOAT;
import static io.tidelake.format.types.PrimitiveType.INTEGER;
import static io.tidelake.format.types.PrimitiveType.LONG;
import static io.tidelake.format.types.PrimitiveType.STRING;
import static io.tidelake.format.types.PrimitiveType.TIMESTAMP;
import static io.tidelake.format.types.PrimitiveType.TIMESTAMP_NTZ;

import io.tidelake.format.Row;
import io.tidelake.format.types.ArrayType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import java.util.Map;

/** A schema with one column of every kind the predicate tests need. */
final class TestSchemas {
  static final StructType ADDRESS = StructType.of(new StructField("city", STRING), new StructField("zip", INTEGER));

  static final StructType SCHEMA = StructType.of(
      new StructField("id", LONG),
      new StructField("i", INTEGER),
      new StructField("amount", DOUBLE),
      new StructField("f", FLOAT),
      new StructField("price", new DecimalType(10, 2)),
      new StructField("country", STRING),
      new StructField("date", DATE),
      new StructField("ts", TIMESTAMP),
      new StructField("ntz", TIMESTAMP_NTZ),
      new StructField("flag", BOOLEAN),
      new StructField("bin", BINARY),
      new StructField("addr", ADDRESS),
      new StructField("tags", new ArrayType(STRING, true)),
      new StructField("in", STRING),
      new StructField("a.b", LONG));

  private TestSchemas() {}

  static Row row(Map<String, ?> values) {
    return Row.fromMap(SCHEMA, values);
  }
}
