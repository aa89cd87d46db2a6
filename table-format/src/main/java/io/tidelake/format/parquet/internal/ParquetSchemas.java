package io.tidelake.format.parquet.internal;

import io.tidelake.format.types.ArrayType;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.MapType;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * Delta type → Parquet type, as Spark and Delta Kernel write them: 3-level LIST and MAP, decimals in the
 * smallest physical type, timestamps as INT64 micros (UTC-adjusted for {@code timestamp}; Kernel refuses
 * files where a {@code timestamp} column is not UTC-adjusted). Column-mapping metadata, when present,
 * gives the Parquet name ({@code physicalName}) and the field id.
 */
public final class ParquetSchemas {
  public static final String PHYSICAL_NAME_KEY = "delta.columnMapping.physicalName";
  public static final String COLUMN_ID_KEY = "delta.columnMapping.id";

  private ParquetSchemas() {}

  public static MessageType toMessageType(StructType schema) {
    List<Type> fields = new ArrayList<>(schema.size());
    for (StructField f : schema.fields()) {
      fields.add(toParquet(f));
    }
    return new MessageType("spark_schema", fields); // the root name Spark writes; readers ignore it
  }

  /** The name a field has inside Parquet files: its column-mapping physical name, else its name. */
  public static String physicalName(StructField f) {
    return f.physicalName();
  }

  /** The column-mapping id of a field, or null. */
  public static Integer fieldId(StructField f) {
    Object id = f.metadata().get(COLUMN_ID_KEY);
    return id instanceof Number n ? n.intValue() : null;
  }

  static Type toParquet(StructField f) {
    Repetition rep = f.nullable() ? Repetition.OPTIONAL : Repetition.REQUIRED;
    Type t = toParquet(f.type(), rep, physicalName(f));
    Integer id = fieldId(f);
    return id == null ? t : t.withId(id);
  }

  static Type toParquet(DataType type, Repetition rep, String name) {
    if (type instanceof PrimitiveType p) {
      return primitive(p, rep, name);
    }
    if (type instanceof DecimalType d) {
      return decimal(d, rep, name);
    }
    if (type instanceof StructType s) {
      List<Type> fields = new ArrayList<>(s.size());
      for (StructField f : s.fields()) {
        fields.add(toParquet(f));
      }
      return Types.buildGroup(rep).addFields(fields.toArray(new Type[0])).named(name);
    }
    if (type instanceof ArrayType a) {
      Type element = toParquet(a.elementType(), a.containsNull() ? Repetition.OPTIONAL : Repetition.REQUIRED, "element");
      return Types.buildGroup(rep).as(LogicalTypeAnnotation.listType())
          .addField(Types.repeatedGroup().addField(element).named("list"))
          .named(name);
    }
    if (type instanceof MapType m) {
      Type key = toParquet(m.keyType(), Repetition.REQUIRED, "key");
      Type value = toParquet(m.valueType(), m.valueContainsNull() ? Repetition.OPTIONAL : Repetition.REQUIRED, "value");
      return Types.buildGroup(rep).as(LogicalTypeAnnotation.mapType())
          .addField(Types.repeatedGroup().addField(key).addField(value).named("key_value"))
          .named(name);
    }
    throw new IllegalArgumentException("Unknown type " + type);
  }

  private static Type primitive(PrimitiveType p, Repetition rep, String name) {
    switch (p) {
      case BOOLEAN:
        return Types.primitive(PrimitiveTypeName.BOOLEAN, rep).named(name);
      case BYTE:
        return Types.primitive(PrimitiveTypeName.INT32, rep).as(LogicalTypeAnnotation.intType(8, true)).named(name);
      case SHORT:
        return Types.primitive(PrimitiveTypeName.INT32, rep).as(LogicalTypeAnnotation.intType(16, true)).named(name);
      case INTEGER:
        return Types.primitive(PrimitiveTypeName.INT32, rep).named(name);
      case LONG:
        return Types.primitive(PrimitiveTypeName.INT64, rep).named(name);
      case FLOAT:
        return Types.primitive(PrimitiveTypeName.FLOAT, rep).named(name);
      case DOUBLE:
        return Types.primitive(PrimitiveTypeName.DOUBLE, rep).named(name);
      case STRING:
        return Types.primitive(PrimitiveTypeName.BINARY, rep).as(LogicalTypeAnnotation.stringType()).named(name);
      case BINARY:
        return Types.primitive(PrimitiveTypeName.BINARY, rep).named(name);
      case DATE:
        return Types.primitive(PrimitiveTypeName.INT32, rep).as(LogicalTypeAnnotation.dateType()).named(name);
      case TIMESTAMP:
        return Types.primitive(PrimitiveTypeName.INT64, rep)
            .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS)).named(name);
      case TIMESTAMP_NTZ:
        return Types.primitive(PrimitiveTypeName.INT64, rep)
            .as(LogicalTypeAnnotation.timestampType(false, TimeUnit.MICROS)).named(name);
      default:
        throw new IllegalArgumentException("Unknown primitive " + p);
    }
  }

  private static Type decimal(DecimalType d, Repetition rep, String name) {
    LogicalTypeAnnotation ann = LogicalTypeAnnotation.decimalType(d.scale(), d.precision());
    if (d.precision() <= 9) {
      return Types.primitive(PrimitiveTypeName.INT32, rep).as(ann).named(name);
    }
    if (d.precision() <= 18) {
      return Types.primitive(PrimitiveTypeName.INT64, rep).as(ann).named(name);
    }
    return Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, rep).length(decimalBytes(d.precision()))
        .as(ann).named(name);
  }

  /** The fewest bytes whose two's complement holds every unscaled value of {@code precision} digits (Spark's rule). */
  public static int decimalBytes(int precision) {
    int bytes = 1;
    java.math.BigInteger max = java.math.BigInteger.TEN.pow(precision);
    while (java.math.BigInteger.TWO.pow(8 * bytes - 1).compareTo(max) < 0) {
      bytes++;
    }
    return bytes;
  }
}
