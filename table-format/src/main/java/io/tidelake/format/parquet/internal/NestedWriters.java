package io.tidelake.format.parquet.internal;

import io.tidelake.format.Row;
import io.tidelake.format.SchemaViolationException;
import io.tidelake.format.parquet.internal.ValueWriters.LeafWriter;
import io.tidelake.format.parquet.internal.ValueWriters.ValueWriter;
import io.tidelake.format.types.ArrayType;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.MapType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import java.util.List;
import java.util.Map;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Writers for structs, arrays (3-level LIST) and maps (3-level MAP), the layouts Spark and Kernel write.
 * Arrays and maps are single leaves for Delta statistics (a null count at most); values inside them get
 * no statistics.
 */
final class NestedWriters {
  private NestedWriters() {}

  /** A struct: a group with one field per struct field, nulls skipped. */
  static final class StructWriter extends ValueWriter {
    private final String[] names;
    private final ValueWriter[] children;
    private final boolean[] nullable;
    private final String[] paths;
    private final boolean hasStats;

    StructWriter(StructType type, String path, ValueWriter[] children, boolean hasStats) {
      int n = type.size();
      this.names = new String[n];
      this.nullable = new boolean[n];
      this.paths = new String[n];
      for (int i = 0; i < n; i++) {
        StructField f = type.field(i);
        names[i] = ParquetSchemas.physicalName(f);
        nullable[i] = f.nullable();
        paths[i] = path + "." + f.name();
      }
      this.children = children;
      this.hasStats = hasStats;
    }

    @Override
    void write(RecordConsumer rc, Object v) {
      Row r = (Row) v;
      rc.startGroup();
      for (int i = 0; i < names.length; i++) {
        Object c = r.get(i);
        if (c == null) {
          if (!nullable[i]) {
            throw ValueWriters.nullInRequired(paths[i]);
          }
          children[i].onNull();
        } else {
          rc.startField(names[i], i);
          children[i].write(rc, c);
          rc.endField(names[i], i);
        }
      }
      rc.endGroup();
    }

    @Override
    void onNull() {
      if (hasStats) {
        for (ValueWriter c : children) {
          c.onNull(); // a null struct makes each of its fields null, as Spark counts them
        }
      }
    }
  }

  /** array → {@code <name> (LIST) { repeated group list { element } }}. */
  static final class ArrayWriter extends LeafWriter {
    private final ValueWriter element;
    private final boolean containsNull;
    private final String path;

    ArrayWriter(ArrayType type, String path, ColumnStats stats) {
      super(stats);
      this.element = nested(type.elementType(), path + "[]");
      this.containsNull = type.containsNull();
      this.path = path;
    }

    @Override
    void write(RecordConsumer rc, Object v) {
      List<?> list = (List<?>) v;
      rc.startGroup();
      int n = list.size();
      if (n > 0) {
        rc.startField("list", 0);
        for (int i = 0; i < n; i++) {
          Object e = list.get(i);
          rc.startGroup();
          if (e != null) {
            rc.startField("element", 0);
            element.write(rc, e);
            rc.endField("element", 0);
          } else if (!containsNull) {
            throw ValueWriters.nullInRequired(path + "[]");
          }
          rc.endGroup();
        }
        rc.endField("list", 0);
      }
      rc.endGroup();
    }
  }

  /** map → {@code <name> (MAP) { repeated group key_value { required key; value } }}. */
  static final class MapWriter extends LeafWriter {
    private final ValueWriter key;
    private final ValueWriter value;
    private final boolean valueContainsNull;
    private final String path;

    MapWriter(MapType type, String path, ColumnStats stats) {
      super(stats);
      this.key = nested(type.keyType(), path + ".key");
      this.value = nested(type.valueType(), path + ".value");
      this.valueContainsNull = type.valueContainsNull();
      this.path = path;
    }

    @Override
    void write(RecordConsumer rc, Object v) {
      Map<?, ?> map = (Map<?, ?>) v;
      rc.startGroup();
      if (!map.isEmpty()) {
        rc.startField("key_value", 0);
        for (Map.Entry<?, ?> e : map.entrySet()) {
          rc.startGroup();
          if (e.getKey() == null) {
            throw new SchemaViolationException(path, -1, "map keys must not be null.");
          }
          rc.startField("key", 0);
          key.write(rc, e.getKey());
          rc.endField("key", 0);
          if (e.getValue() != null) {
            rc.startField("value", 1);
            value.write(rc, e.getValue());
            rc.endField("value", 1);
          } else if (!valueContainsNull) {
            throw ValueWriters.nullInRequired(path + ".value");
          }
          rc.endGroup();
        }
        rc.endField("key_value", 0);
      }
      rc.endGroup();
    }
  }

  /** A writer for values inside an array or map: no statistics (Delta collects none there). */
  static ValueWriter nested(DataType type, String path) {
    if (type instanceof StructType s) {
      ValueWriter[] children = new ValueWriter[s.size()];
      for (int i = 0; i < s.size(); i++) {
        children[i] = nested(s.field(i).type(), path + "." + s.field(i).name());
      }
      return new StructWriter(s, path, children, false);
    }
    return ValueWriters.forType(type, path, null);
  }
}
