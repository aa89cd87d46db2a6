package io.tidelake.format.parquet.internal;

import io.tidelake.format.GenericRow;
import io.tidelake.format.parquet.ColumnMappingException;
import io.tidelake.format.parquet.ColumnMappingMode;
import io.tidelake.format.parquet.internal.PrimitiveConverters.Sink;
import io.tidelake.format.types.ArrayType;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.MapType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.Type;

/**
 * Converters for structs, lists and maps. Each converter is built from the file's Parquet type and the
 * requested Delta type together and computes the PRUNED Parquet type it reads ({@link #projected}): the
 * union of these is the requested schema handed to parquet-mr, so unrequested columns are never read.
 * The list/map shape (2- or 3-level) is decided on the file type, before pruning can hide it.
 */
final class GroupConverters {
  private GroupConverters() {}

  /** A converter and the part of the file type it reads. */
  record Projected(Converter converter, Type type) {}

  static Projected create(Type file, DataType req, String path, Source src, Sink sink) {
    if (req instanceof StructType s) {
      if (file.isPrimitive() || isList(file) || isMap(file)) {
        throw PrimitiveConverters.incompatible(file, req, path, src.path());
      }
      StructConverter c = new StructConverter(file.asGroupType(), s, null, path, src, sink);
      return new Projected(c, c.projectedType());
    }
    if (req instanceof ArrayType a) {
      if (file.isPrimitive()) {
        throw PrimitiveConverters.incompatible(file, req, path, src.path());
      }
      ListConverter c = new ListConverter(file.asGroupType(), a, path, src, sink);
      return new Projected(c, c.projected);
    }
    if (req instanceof MapType m) {
      if (file.isPrimitive()) {
        throw PrimitiveConverters.incompatible(file, req, path, src.path());
      }
      MapConverter c = new MapConverter(file.asGroupType(), m, path, src, sink);
      return new Projected(c, c.projected);
    }
    if (!file.isPrimitive()) {
      throw PrimitiveConverters.incompatible(file, req, path, src.path());
    }
    return new Projected(PrimitiveConverters.create(file.asPrimitiveType(), req, path, src.path(), sink), file);
  }

  static boolean isList(Type t) {
    return !t.isPrimitive() && t.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation;
  }

  static boolean isMap(Type t) {
    LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
    return !t.isPrimitive() && (a instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
        || a instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation);
  }

  /**
   * The file being read and how its columns are matched to the requested ones.
   *
   * @param path the file's location, for error messages
   */
  record Source(String path, ColumnMappingMode mode) {}

  /**
   * The field of {@code group} that stores {@code f}, or -1 (read as null). By column mapping mode:
   * NONE by display name, NAME by physical name (display name when the field has none), ID by Parquet
   * field id. Names are compared ignoring case, as Spark does.
   */
  static int fieldIndex(GroupType group, StructField f, Source src) {
    if (src.mode() == ColumnMappingMode.ID) {
      Integer id = ParquetSchemas.fieldId(f);
      if (id != null) {
        return fieldIndexById(group, id, f, src);
      }
    }
    String name = src.mode() == ColumnMappingMode.NONE ? f.name() : ParquetSchemas.physicalName(f);
    if (group.containsField(name)) {
      return group.getFieldIndex(name);
    }
    String folded = name.toLowerCase(Locale.ROOT);
    for (int i = 0; i < group.getFieldCount(); i++) {
      if (group.getFieldName(i).toLowerCase(Locale.ROOT).equals(folded)) {
        return i;
      }
    }
    return -1;
  }

  private static int fieldIndexById(GroupType group, int id, StructField f, Source src) {
    boolean anyIds = false;
    for (int i = 0; i < group.getFieldCount(); i++) {
      Type.ID fid = group.getType(i).getId();
      if (fid != null) {
        anyIds = true;
        if (fid.intValue() == id) {
          return i;
        }
      }
    }
    if (!anyIds && group.getFieldCount() > 0) {
      // PROTOCOL.md: a file without field ids must be refused (or read as all nulls) in id mode
      throw new ColumnMappingException("Data file " + src.path() + " has no Parquet field ids, but the table "
          + "uses column mapping mode 'id', where columns are found by field id (column '" + f.name()
          + "' has id " + id + "). The file was not written for this table's column mapping; remove it from the "
          + "table, or rewrite it with the engine that manages the table.");
    }
    return -1; // a column added after the file was written: null
  }

  /**
   * A struct or the root row. Fields missing from the file stay null. {@code constants} (root only) holds
   * a value per output column that is NOT read from the file (partition values), or {@link #ABSENT} for
   * columns to read. Repeated fields without LIST annotation requested as
   * arrays are collected here, since each occurrence is one element.
   */
  static final class StructConverter extends GroupConverter {
    private final StructType schema;
    private final Object[] template; // values before reading (constants), or null for all-null
    private final Sink sink;
    private final Converter[] converters;
    private final int[] outPos; // output position per projected field, -1 for a filler field
    private final List<Type> projectedFields = new ArrayList<>();
    private final GroupType file;
    private final List<RepeatedCollector> repeated = new ArrayList<>();
    Object[] current;
    GenericRow last;

    StructConverter(GroupType file, StructType schema, Object[] constants, String path, Source src, Sink sink) {
      this.file = file;
      this.schema = schema;
      this.sink = sink;
      if (constants != null) {
        template = new Object[schema.size()];
        for (int i = 0; i < template.length; i++) {
          template[i] = constants[i] == ABSENT ? null : constants[i];
        }
      } else {
        template = null;
      }
      List<Converter> convs = new ArrayList<>();
      List<Integer> pos = new ArrayList<>();
      for (int i = 0; i < schema.size(); i++) {
        StructField f = schema.field(i);
        if (constants != null && constants[i] != ABSENT) {
          continue; // supplied by the caller, not read
        }
        int fi = fieldIndex(file, f, src);
        if (fi < 0) {
          continue; // not in this file: null
        }
        Type ft = file.getType(fi);
        String childPath = path.isEmpty() ? f.name() : path + "." + f.name();
        FieldSink fs = new FieldSink(this, i);
        Projected p;
        if (ft.isRepetition(Type.Repetition.REPEATED) && f.type() instanceof ArrayType a) {
          RepeatedCollector rc = new RepeatedCollector(fs);
          repeated.add(rc);
          p = create(ft, a.elementType(), childPath + "[]", src, rc::add);
        } else {
          p = create(ft, f.type(), childPath, src, fs);
        }
        convs.add(p.converter());
        pos.add(i);
        projectedFields.add(p.type());
      }
      if (projectedFields.isEmpty() && constants == null && file.getFieldCount() > 0) {
        // No requested field is in the file, but the struct itself may be null or not: read one field
        // (ignored) so that presence is known.
        Type first = file.getType(0);
        convs.add(skip(first));
        pos.add(-1);
        projectedFields.add(first);
      }
      this.converters = convs.toArray(new Converter[0]);
      this.outPos = pos.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Marker in {@code constants}: this position is read from the file. */
    static final Object ABSENT = new Object();

    GroupType projectedType() {
      return file.withNewFields(projectedFields);
    }

    List<Type> projectedFields() {
      return projectedFields;
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return converters[fieldIndex];
    }

    @Override
    public void start() {
      current = template == null ? new Object[schema.size()] : template.clone();
      for (RepeatedCollector r : repeated) {
        r.reset();
      }
    }

    @Override
    public void end() {
      for (RepeatedCollector r : repeated) {
        r.flush();
      }
      GenericRow row = GenericRow.trusted(schema, current);
      current = null;
      if (sink != null) {
        sink.set(row);
      } else {
        last = row;
      }
    }
  }

  private record FieldSink(StructConverter owner, int pos) implements Sink {
    @Override
    public void set(Object v) {
      owner.current[pos] = v;
    }
  }

  /** Elements of an unannotated repeated field; zero occurrences is an empty list. */
  private static final class RepeatedCollector {
    private final Sink sink;
    private List<Object> list;

    RepeatedCollector(Sink sink) {
      this.sink = sink;
    }

    void reset() {
      list = new ArrayList<>();
    }

    void add(Object v) {
      list.add(v);
    }

    void flush() {
      sink.set(Collections.unmodifiableList(list));
    }
  }

  /**
   * LIST in all shapes of the Parquet spec's backward-compatibility rules: 3-level
   * ({@code repeated group list { element }}), 2-level (the repeated field is the element: a primitive,
   * a group of several fields, a group named "array" or "<name>_tuple", or a one-field group matching a
   * requested one-field struct, as Spark decides).
   */
  static final class ListConverter extends GroupConverter {
    private final Sink sink;
    private final Converter repeatedConverter;
    final Type projected;
    private List<Object> list;

    ListConverter(GroupType file, ArrayType req, String path, Source src, Sink sink) {
      this.sink = sink;
      if (file.getFieldCount() != 1 || !file.getType(0).isRepetition(Type.Repetition.REPEATED)) {
        throw PrimitiveConverters.incompatible(file, req, path, src.path());
      }
      Type repeated = file.getType(0);
      String elemPath = path + "[]";
      if (isElement(repeated, file.getName(), req.elementType(), src)) {
        Projected p = create(repeated, req.elementType(), elemPath, src, this::add);
        repeatedConverter = p.converter();
        projected = file.withNewFields(p.type());
      } else {
        GroupType rg = repeated.asGroupType();
        ElementConverter ec = new ElementConverter(rg.getType(0), req.elementType(), elemPath, src, this);
        repeatedConverter = ec;
        projected = file.withNewFields(rg.withNewFields(ec.projected));
      }
    }

    private static boolean isElement(Type repeated, String listName, DataType elementType, Source src) {
      if (repeated.isPrimitive()) {
        return true;
      }
      GroupType g = repeated.asGroupType();
      if (g.getFieldCount() > 1 || g.getName().equals("array") || g.getName().equals(listName + "_tuple")) {
        return true;
      }
      if (!(elementType instanceof StructType s) || s.size() != 1) {
        return false;
      }
      StructField only = s.field(0);
      Integer id = src.mode() == ColumnMappingMode.ID ? ParquetSchemas.fieldId(only) : null;
      if (id != null) {
        return g.getType(0).getId() != null && g.getType(0).getId().intValue() == id;
      }
      String name = src.mode() == ColumnMappingMode.NONE ? only.name() : ParquetSchemas.physicalName(only);
      return g.getFieldName(0).equals(name);
    }

    void add(Object v) {
      list.add(v);
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return repeatedConverter;
    }

    @Override
    public void start() {
      list = new ArrayList<>();
    }

    @Override
    public void end() {
      sink.set(Collections.unmodifiableList(list));
      list = null;
    }
  }

  /** The repeated group of a 3-level list: one element (possibly null) per occurrence. */
  private static final class ElementConverter extends GroupConverter {
    private final ListConverter owner;
    private final Converter element;
    final Type projected;
    private Object value;

    ElementConverter(Type file, DataType req, String path, Source src, ListConverter owner) {
      this.owner = owner;
      Projected p = create(file, req, path, src, v -> value = v);
      this.element = p.converter();
      this.projected = p.type();
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return element;
    }

    @Override
    public void start() {
      value = null;
    }

    @Override
    public void end() {
      owner.add(value);
    }
  }

  /** MAP / MAP_KEY_VALUE: a repeated group of key and (optional) value, whatever the names. */
  static final class MapConverter extends GroupConverter {
    private final Sink sink;
    private final KeyValueConverter kv;
    final Type projected;
    private Map<Object, Object> map;

    MapConverter(GroupType file, MapType req, String path, Source src, Sink sink) {
      this.sink = sink;
      if (file.getFieldCount() != 1 || file.getType(0).isPrimitive()
          || !file.getType(0).isRepetition(Type.Repetition.REPEATED)) {
        throw PrimitiveConverters.incompatible(file, req, path, src.path());
      }
      GroupType kvType = file.getType(0).asGroupType();
      this.kv = new KeyValueConverter(kvType, req, path, src, this);
      this.projected = file.withNewFields(kvType.withNewFields(kv.projectedFields));
    }

    void put(Object k, Object v) {
      map.put(k, v);
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return kv;
    }

    @Override
    public void start() {
      map = new LinkedHashMap<>();
    }

    @Override
    public void end() {
      sink.set(Collections.unmodifiableMap(map));
      map = null;
    }
  }

  private static final class KeyValueConverter extends GroupConverter {
    private final MapConverter owner;
    private final Converter[] converters;
    final List<Type> projectedFields = new ArrayList<>();
    private Object key;
    private Object value;

    KeyValueConverter(GroupType kv, MapType req, String path, Source src, MapConverter owner) {
      this.owner = owner;
      int k = kv.containsField("key") ? kv.getFieldIndex("key") : 0;
      int v = kv.containsField("value") ? kv.getFieldIndex("value") : (k == 0 ? 1 : 0);
      List<Converter> convs = new ArrayList<>();
      Projected kp = create(kv.getType(k), req.keyType(), path + ".key", src, x -> key = x);
      convs.add(kp.converter());
      projectedFields.add(kp.type());
      if (v < kv.getFieldCount() && v != k) {
        Projected vp = create(kv.getType(v), req.valueType(), path + ".value", src, x -> value = x);
        convs.add(vp.converter());
        projectedFields.add(vp.type());
      }
      this.converters = convs.toArray(new Converter[0]);
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return converters[fieldIndex];
    }

    @Override
    public void start() {
      key = null;
      value = null;
    }

    @Override
    public void end() {
      owner.put(key, value);
    }
  }

  /** Reads and ignores a subtree (used only to learn whether a struct is present). */
  static Converter skip(Type t) {
    if (t.isPrimitive()) {
      return new PrimitiveConverter() {
        @Override
        public void addBinary(org.apache.parquet.io.api.Binary value) {}

        @Override
        public void addBoolean(boolean value) {}

        @Override
        public void addDouble(double value) {}

        @Override
        public void addFloat(float value) {}

        @Override
        public void addInt(int value) {}

        @Override
        public void addLong(long value) {}
      };
    }
    GroupType g = t.asGroupType();
    Converter[] children = new Converter[g.getFieldCount()];
    for (int i = 0; i < children.length; i++) {
      children[i] = skip(g.getType(i));
    }
    return passThrough(children);
  }

  /** A group that only hands out its children's converters (nothing to do at its start and end). */
  static GroupConverter passThrough(Converter[] children) {
    return new GroupConverter() {
      @Override
      public Converter getConverter(int fieldIndex) {
        return children[fieldIndex];
      }

      @Override
      public void start() {}

      @Override
      public void end() {}
    };
  }
}
