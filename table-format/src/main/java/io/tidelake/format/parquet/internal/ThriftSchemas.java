package io.tidelake.format.parquet.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.format.ColumnOrder;
import org.apache.parquet.format.LogicalType;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.TimeUnit;
import org.apache.parquet.schema.DecimalMetadata;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.OriginalType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Builds a parquet-mr {@link MessageType} from a footer's flattened Thrift schema (depth-first elements,
 * each group followed by its {@code num_children} children). The result equals what parquet-mr builds
 * from the same footer (checked over every file the tests write and the golden tables), so the record
 * assembly and our converters see the same schema either way.
 */
final class ThriftSchemas {
  private ThriftSchemas() {}

  static MessageType messageType(List<SchemaElement> elements, List<ColumnOrder> columnOrders) throws IOException {
    if (elements == null || elements.isEmpty()) {
      throw new IOException("its footer has no schema");
    }
    Cursor c = new Cursor(elements, columnOrders);
    SchemaElement root = c.next();
    List<Type> fields = children(c, root.isSetNum_children() ? root.getNum_children() : 0);
    if (c.index != elements.size()) {
      throw new IOException("its footer schema has " + (elements.size() - c.index) + " elements outside the tree");
    }
    return new MessageType(root.getName(), fields);
  }

  private static final class Cursor {
    final List<SchemaElement> elements;
    final List<ColumnOrder> orders;
    int index;
    int leaf;

    Cursor(List<SchemaElement> elements, List<ColumnOrder> orders) {
      this.elements = elements;
      this.orders = orders;
    }

    SchemaElement next() throws IOException {
      if (index >= elements.size()) {
        throw new IOException("its footer schema ends inside a group (num_children exceeds the elements)");
      }
      return elements.get(index++);
    }
  }

  private static List<Type> children(Cursor c, int n) throws IOException {
    List<Type> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(type(c));
    }
    return out;
  }

  private static Type type(Cursor c) throws IOException {
    SchemaElement e = c.next();
    if (!e.isSetRepetition_type()) {
      throw new IOException("its footer schema element " + e.getName() + " has no repetition");
    }
    Type.Repetition repetition = Type.Repetition.valueOf(e.getRepetition_type().name());
    try {
      Types.Builder<?, ? extends Type> b;
      if (e.isSetType()) {
        Types.PrimitiveBuilder<org.apache.parquet.schema.PrimitiveType> p =
            Types.primitive(primitive(e.getType()), repetition);
        if (e.isSetType_length()) {
          p.length(e.getType_length());
        }
        if (e.isSetPrecision()) {
          p.precision(e.getPrecision());
        }
        if (e.isSetScale()) {
          p.scale(e.getScale());
        }
        if (c.orders != null && c.leaf < c.orders.size()) {
          // writers put TYPE_ORDER on every column, but INT96 and INTERVAL have no defined order
          boolean unordered = e.getType() == org.apache.parquet.format.Type.INT96
              || e.getConverted_type() == org.apache.parquet.format.ConvertedType.INTERVAL;
          p.columnOrder(c.orders.get(c.leaf).isSetTYPE_ORDER() && !unordered
              ? org.apache.parquet.schema.ColumnOrder.typeDefined()
              : org.apache.parquet.schema.ColumnOrder.undefined());
        }
        c.leaf++;
        b = p;
      } else {
        b = Types.buildGroup(repetition).addFields(
            children(c, e.isSetNum_children() ? e.getNum_children() : 0).toArray(new Type[0]));
      }
      LogicalTypeAnnotation logical = e.isSetLogicalType() ? logical(e.getLogicalType()) : null;
      if (logical != null) {
        b.as(logical);
      }
      if (e.isSetConverted_type()) {
        // the legacy annotation wins only when it says something else (as in parquet-mr)
        LogicalTypeAnnotation legacy = LogicalTypeAnnotation.fromOriginalType(
            OriginalType.valueOf(e.getConverted_type().name()), new DecimalMetadata(e.getPrecision(), e.getScale()));
        if (legacy != null && (logical == null || legacy.toOriginalType() != logical.toOriginalType())) {
          b.as(legacy);
        }
      }
      if (e.isSetField_id()) {
        b.id(e.getField_id());
      }
      return b.named(e.getName());
    } catch (IllegalArgumentException | IllegalStateException | NullPointerException ex) {
      throw new IOException("its footer schema element " + e.getName() + " is invalid: " + ex.getMessage(), ex);
    }
  }

  private static PrimitiveTypeName primitive(org.apache.parquet.format.Type t) {
    switch (t) {
      case BOOLEAN:
        return PrimitiveTypeName.BOOLEAN;
      case INT32:
        return PrimitiveTypeName.INT32;
      case INT64:
        return PrimitiveTypeName.INT64;
      case INT96:
        return PrimitiveTypeName.INT96;
      case FLOAT:
        return PrimitiveTypeName.FLOAT;
      case DOUBLE:
        return PrimitiveTypeName.DOUBLE;
      case BYTE_ARRAY:
        return PrimitiveTypeName.BINARY;
      case FIXED_LEN_BYTE_ARRAY:
        return PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
      default:
        throw new IllegalArgumentException("unknown physical type " + t);
    }
  }

  private static LogicalTypeAnnotation logical(LogicalType t) {
    if (t.isSetSTRING()) {
      return LogicalTypeAnnotation.stringType();
    } else if (t.isSetMAP()) {
      return LogicalTypeAnnotation.mapType();
    } else if (t.isSetLIST()) {
      return LogicalTypeAnnotation.listType();
    } else if (t.isSetENUM()) {
      return LogicalTypeAnnotation.enumType();
    } else if (t.isSetDECIMAL()) {
      return LogicalTypeAnnotation.decimalType(t.getDECIMAL().getScale(), t.getDECIMAL().getPrecision());
    } else if (t.isSetDATE()) {
      return LogicalTypeAnnotation.dateType();
    } else if (t.isSetTIME()) {
      return LogicalTypeAnnotation.timeType(t.getTIME().isIsAdjustedToUTC(), unit(t.getTIME().getUnit()));
    } else if (t.isSetTIMESTAMP()) {
      return LogicalTypeAnnotation.timestampType(t.getTIMESTAMP().isIsAdjustedToUTC(),
          unit(t.getTIMESTAMP().getUnit()));
    } else if (t.isSetINTEGER()) {
      return LogicalTypeAnnotation.intType(t.getINTEGER().getBitWidth(), t.getINTEGER().isIsSigned());
    } else if (t.isSetUNKNOWN()) {
      return LogicalTypeAnnotation.unknownType();
    } else if (t.isSetJSON()) {
      return LogicalTypeAnnotation.jsonType();
    } else if (t.isSetBSON()) {
      return LogicalTypeAnnotation.bsonType();
    } else if (t.isSetUUID()) {
      return LogicalTypeAnnotation.uuidType();
    } else if (t.isSetFLOAT16()) {
      return LogicalTypeAnnotation.float16Type();
    } else if (t.isSetVARIANT()) {
      return LogicalTypeAnnotation.variantType(t.getVARIANT().isSetSpecification_version()
          ? t.getVARIANT().getSpecification_version() : 1);
    } else if (t.isSetGEOMETRY()) {
      return LogicalTypeAnnotation.geometryType(t.getGEOMETRY().getCrs());
    }
    return null; // GEOGRAPHY and types newer than this parquet-format: no annotation, the physical type reads
  }

  private static LogicalTypeAnnotation.TimeUnit unit(TimeUnit u) {
    if (u.isSetMILLIS()) {
      return LogicalTypeAnnotation.TimeUnit.MILLIS;
    } else if (u.isSetMICROS()) {
      return LogicalTypeAnnotation.TimeUnit.MICROS;
    }
    return LogicalTypeAnnotation.TimeUnit.NANOS;
  }
}
