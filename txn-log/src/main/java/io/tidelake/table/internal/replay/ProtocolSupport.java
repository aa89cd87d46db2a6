package io.tidelake.table.internal.replay;

import io.tidelake.format.types.ArrayType;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.MapType;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import io.tidelake.table.UnsupportedFeatureException;
import io.tidelake.table.actions.Metadata;
import io.tidelake.table.actions.Protocol;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What Tidelake implements of the Delta protocol, and the checks that refuse everything else. Reading a
 * table whose reader features we do not know could return wrong rows; writing a table whose writer
 * features we cannot honour could corrupt it for other engines. Both are refused with the feature named.
 */
public final class ProtocolSupport {
  public static final int MAX_READER_VERSION = 3;
  public static final int MAX_WRITER_VERSION = 7;

  /**
   * Reader features whose data we read correctly. Column mapping (by physical name or field id),
   * deletion vectors and type widening (old files hold the narrower type, converted on read as Delta
   * Kernel does) are read, but not written: see {@link #WRITER_FEATURES}.
   */
  public static final Set<String> READER_FEATURES = Set.of(
      "timestampNtz", "v2Checkpoint", "vacuumProtocolCheck", "deletionVectors", "columnMapping",
      "typeWidening", "typeWidening-preview");

  /**
   * Writer features some Tidelake update can keep true while writing. Which ones a particular update
   * honours is declared per update ({@link WriterFeatures}): every update honours
   * {@link WriterFeatures#ALWAYS}; changeDataFeed only updates that write its change data.
   */
  public static final Set<String> WRITER_FEATURES = WriterFeatures.KNOWN;

  /**
   * Writer features Tidelake cannot enforce but that a table may list without using them (a legacy
   * version's implied set, kept by an upgrade to version 7): writes are refused only when one is in use.
   */
  private static final Set<String> USAGE_CHECKED = Set.of("checkConstraints", "generatedColumns",
      "identityColumns", "columnMapping");

  private ProtocolSupport() {}

  /** The protocol of a new table: (1,2) unless the schema needs a feature (timestamp_ntz → (3,7)). */
  public static Protocol forNewTable(StructType schema) {
    return forNewTable(schema, Map.of());
  }

  /**
   * As above, with the features the properties ask for: {@code delta.enableInCommitTimestamps=true} adds
   * the writer feature inCommitTimestamp, and {@code delta.feature.<name>=supported} (as Spark accepts it)
   * adds a feature Tidelake writes (others are refused by {@link #checkNewTableProperties}). Explicit
   * features need writer version 7; reader features (timestampNtz, vacuumProtocolCheck) reader version 3.
   */
  public static Protocol forNewTable(StructType schema, Map<String, String> properties) {
    // version 7 lists features explicitly: keep the ones (1,2) implies, so delta.appendOnly stays enforced
    TreeSet<String> writer = new TreeSet<>(Set.of("appendOnly", "invariants"));
    TreeSet<String> reader = new TreeSet<>();
    if (isTrue(properties.get(ENABLE_ICT))) {
      writer.add("inCommitTimestamp");
    }
    if (isTrue(properties.get(WriterFeatures.ENABLE_CDF))) {
      writer.add(WriterFeatures.CHANGE_DATA_FEED);
    }
    if (isTrue(properties.get(WriterFeatures.ENABLE_DV))) {
      writer.add(WriterFeatures.DELETION_VECTORS);
      reader.add(WriterFeatures.DELETION_VECTORS);
    }
    for (Map.Entry<String, String> e : properties.entrySet()) {
      if (e.getKey().startsWith(FEATURE_PREFIX)) {
        String f = e.getKey().substring(FEATURE_PREFIX.length());
        writer.add(f);
        if (READER_WRITER_FEATURES.contains(f)) {
          reader.add(f);
        }
      }
    }
    if (containsNtz(schema)) {
      writer.add("timestampNtz");
      reader.add("timestampNtz");
    }
    if (!reader.isEmpty()) {
      return new Protocol(3, 7, reader, writer);
    }
    return writer.size() > 2 ? new Protocol(1, 7, null, writer) : new Protocol(1, 2);
  }

  /** Features that are reader features too (the rest Tidelake writes are writer-only). */
  private static final Set<String> READER_WRITER_FEATURES = Set.of("timestampNtz", "vacuumProtocolCheck",
      "deletionVectors");

  /** Table properties that request a feature rather than configure the table (not kept in metaData). */
  public static final String FEATURE_PREFIX = "delta.feature.";

  /** Spark parses boolean properties strictly: only "true"/"false", in any case, count. */
  public static boolean isTrue(String value) {
    return value != null && value.trim().equalsIgnoreCase("true");
  }

  private static final String ENABLE_ICT = "delta.enableInCommitTimestamps";

  /**
   * Whether commits must carry {@code commitInfo.inCommitTimestamp}: the table lists the writer feature
   * and enables it (a listed but disabled feature needs nothing).
   */
  public static boolean inCommitTimestampsEnabled(Protocol p, Metadata m) {
    return p != null && p.writerFeatures() != null && p.writerFeatures().contains("inCommitTimestamp")
        && m != null && isTrue(m.configuration().get(ENABLE_ICT));
  }

  public static void checkReadable(Protocol p, String location) {
    if (p.minReaderVersion() > MAX_READER_VERSION) {
      throw new UnsupportedFeatureException("readerVersion " + p.minReaderVersion(),
          "Table " + location + " requires Delta reader version " + p.minReaderVersion()
              + "; Tidelake reads versions up to " + MAX_READER_VERSION
              + ". Read it with an engine that supports that version, or upgrade Tidelake.");
    }
    // reader version 2 is column mapping, which we read (the mode is checked with the metadata)
    if (p.minReaderVersion() == 3 && p.readerFeatures() != null) {
      for (String f : p.readerFeatures()) {
        if (!READER_FEATURES.contains(f)) {
          throw new UnsupportedFeatureException(f, "Table " + location + " uses the reader feature '" + f
              + "', which Tidelake does not support; reading it could return wrong rows. Supported reader features: "
              + new TreeSet<>(READER_FEATURES) + ".");
        }
      }
    }
  }

  public static void checkWritable(Protocol p, Metadata m, StructType schema, String location) {
    checkWritable(p, m, schema, location, WriterFeatures.ALWAYS, "this operation");
  }

  /**
   * Refuses the write unless the update honours every writer feature the table uses.
   *
   * @param honoured the features the update declared it keeps true ({@link WriterFeatures})
   * @param operation the update's name, for the message
   */
  public static void checkWritable(Protocol p, Metadata m, StructType schema, String location,
      Set<String> honoured, String operation) {
    checkReadable(p, location);
    boolean cdfOn = isTrue(m.configuration().get(WriterFeatures.ENABLE_CDF))
        || isTrue(m.configuration().get("delta.enableChangeDataCapture"));
    if (cdfOn && p.supportsWriterFeature(WriterFeatures.CHANGE_DATA_FEED)
        && !honoured.contains(WriterFeatures.CHANGE_DATA_FEED)) {
      throw new UnsupportedFeatureException(WriterFeatures.CHANGE_DATA_FEED, "Table " + location + " has the change "
          + "data feed enabled (delta.enableChangeDataFeed=true), and " + operation + " does not write change data "
          + "files, so the feed would miss its changes. Use an operation that declares changeDataFeed, or turn "
          + "the feed off with delta.enableChangeDataFeed=false.");
    }
    if (p.minWriterVersion() > MAX_WRITER_VERSION) {
      throw new UnsupportedFeatureException("writerVersion " + p.minWriterVersion(), "Table " + location
          + " requires Delta writer version " + p.minWriterVersion() + "; Tidelake writes versions up to "
          + MAX_WRITER_VERSION + ".");
    }
    if (p.minWriterVersion() == 7) {
      if (p.writerFeatures() != null) {
        for (String f : p.writerFeatures()) {
          if (!WRITER_FEATURES.contains(f) && !USAGE_CHECKED.contains(f)) {
            throw new UnsupportedFeatureException(f, "Table " + location + " uses the writer feature '" + f
                + "', which Tidelake cannot honour while writing; writing could corrupt the table for other engines. "
                + "Supported writer features: " + new TreeSet<>(WRITER_FEATURES) + ".");
          }
        }
      }
    }
    // Legacy writer versions imply feature sets (3: CHECK constraints, 4: CDF + generated columns,
    // 5: column mapping, 6: identity columns), and an upgrade to version 7 lists them: either way refuse
    // exactly when such a feature is in use (generated and identity columns: checkColumns below).
    Map<String, String> conf = m.configuration();
    if (p.supportsWriterFeature("checkConstraints")
        && conf.keySet().stream().anyMatch(k -> k.startsWith("delta.constraints."))) {
      throw unsupportedWrite("checkConstraints", location, "CHECK constraints");
    }
    if (p.supportsWriterFeature("columnMapping")
        && !"none".equalsIgnoreCase(conf.getOrDefault("delta.columnMapping.mode", "none"))) {
      throw unsupportedWrite("columnMapping", location, "column mapping");
    }
    checkColumns(schema, "", location);
  }

  /** Refuses a schema with column features Tidelake cannot enforce (invariants, generated, identity, defaults). */
  public static void checkColumnsWritable(StructType schema, String location) {
    checkColumns(schema, "", location);
  }

  /**
   * Refuses table properties that would switch on a feature Tidelake cannot write correctly: a table we
   * create must never claim CDF, deletion vectors, column mapping, row tracking, V2 checkpoints, CHECK
   * constraints or an explicitly requested table feature it cannot write (in-commit timestamps it writes).
   */
  public static void checkNewTableProperties(Map<String, String> props, String location) {
    for (Map.Entry<String, String> e : props.entrySet()) {
      String k = e.getKey();
      String v = e.getValue() == null ? "" : e.getValue().trim();
      String feature = null;
      if (k.equals("delta.enableChangeDataCapture") && v.equalsIgnoreCase("true")) {
        feature = "changeDataFeed";
      } else if (k.equals("delta.columnMapping.mode") && !v.equalsIgnoreCase("none")) {
        feature = "columnMapping";
      } else if (k.equals("delta.enableRowTracking") && v.equalsIgnoreCase("true")) {
        feature = "rowTracking";
      } else if (k.equals("delta.checkpointPolicy") && v.equalsIgnoreCase("v2")) {
        feature = "v2Checkpoint";
      } else if (k.startsWith("delta.constraints.")) {
        feature = "checkConstraints";
      } else if (k.startsWith(FEATURE_PREFIX) && (!WRITER_FEATURES.contains(k.substring(FEATURE_PREFIX.length()))
          || !(v.equalsIgnoreCase("supported") || v.equalsIgnoreCase("enabled")))) {
        feature = k.substring(FEATURE_PREFIX.length());
      } else if (k.equals("delta.minReaderVersion") || k.equals("delta.minWriterVersion")) {
        feature = "protocol upgrade";
      }
      if (feature != null) {
        throw new UnsupportedFeatureException(feature, "Cannot create table " + location + " with " + k + "=" + v
            + ": it turns on the Delta feature '" + feature + "', which Tidelake cannot write correctly. Leave the "
            + "property out, or create the table with an engine that supports the feature.");
      }
    }
  }

  /**
   * The protocol a table needs after its properties become {@code properties}: the current one when it
   * already supports what they enable, else the current one upgraded (to table features, version 7;
   * reader version 3 when a reader feature is added), keeping every feature the old protocol implied.
   * delta-spark upgrades the same way when such a property is set.
   *
   * @throws UnsupportedFeatureException when a property enables a feature Tidelake cannot write
   */
  public static Protocol upgradeFor(Protocol current, Map<String, String> properties, String location) {
    checkNewTableProperties(properties, location);
    TreeSet<String> addWriter = new TreeSet<>();
    TreeSet<String> addReader = new TreeSet<>();
    if (isTrue(properties.get(WriterFeatures.ENABLE_CDF)) && !current.supportsWriterFeature(WriterFeatures.CHANGE_DATA_FEED)) {
      addWriter.add(WriterFeatures.CHANGE_DATA_FEED);
    }
    if (isTrue(properties.get(WriterFeatures.ENABLE_DV)) && !current.supportsWriterFeature(WriterFeatures.DELETION_VECTORS)) {
      addWriter.add(WriterFeatures.DELETION_VECTORS);
      addReader.add(WriterFeatures.DELETION_VECTORS);
    }
    if (isTrue(properties.get(ENABLE_ICT)) && !current.supportsWriterFeature("inCommitTimestamp")) {
      addWriter.add("inCommitTimestamp");
    }
    for (String k : properties.keySet()) {
      if (k.startsWith(FEATURE_PREFIX)) {
        String f = k.substring(FEATURE_PREFIX.length());
        if (!current.supportsWriterFeature(f)) {
          addWriter.add(f);
          if (READER_WRITER_FEATURES.contains(f)) {
            addReader.add(f);
          }
        }
      }
    }
    if (addWriter.isEmpty()) {
      return current;
    }
    if (current.minReaderVersion() == 2) {
      throw new UnsupportedFeatureException("columnMapping", "Cannot enable " + addWriter + " on table " + location
          + ": its protocol (reader version 2, column mapping) would have to be upgraded to table features, which "
          + "Tidelake does not do for column-mapped tables. Upgrade the table with Spark.");
    }
    TreeSet<String> writer = new TreeSet<>();
    if (current.minWriterVersion() >= 7) {
      if (current.writerFeatures() != null) {
        writer.addAll(current.writerFeatures());
      }
    } else {
      // the legacy version implied these: list them, so the upgrade takes nothing away
      for (String f : new String[] {"appendOnly", "invariants", "checkConstraints", "changeDataFeed",
          "generatedColumns", "columnMapping", "identityColumns"}) {
        if (current.supportsWriterFeature(f)) {
          writer.add(f);
        }
      }
    }
    writer.addAll(addWriter);
    TreeSet<String> reader = new TreeSet<>();
    if (current.minReaderVersion() >= 3 && current.readerFeatures() != null) {
      reader.addAll(current.readerFeatures());
    }
    reader.addAll(addReader);
    if (current.minReaderVersion() >= 3 || !reader.isEmpty()) {
      return new Protocol(3, 7, reader, writer);
    }
    return new Protocol(current.minReaderVersion(), 7, null, writer);
  }

  private static void checkColumns(StructType s, String prefix, String location) {
    for (StructField f : s.fields()) {
      for (String key : f.metadata().keySet()) {
        if (key.equals("delta.invariants")) {
          throw unsupportedWrite("invariants", location, "a column invariant on '" + prefix + f.name() + "'");
        }
        if (key.equals("delta.generationExpression")) {
          throw unsupportedWrite("generatedColumns", location, "the generated column '" + prefix + f.name() + "'");
        }
        if (key.startsWith("delta.identity.")) {
          throw unsupportedWrite("identityColumns", location, "the identity column '" + prefix + f.name() + "'");
        }
        if (key.equals("CURRENT_DEFAULT")) {
          throw unsupportedWrite("allowColumnDefaults", location, "a default value on '" + prefix + f.name() + "'");
        }
      }
      if (f.type() instanceof StructType nested) {
        checkColumns(nested, prefix + f.name() + ".", location);
      }
    }
  }

  private static UnsupportedFeatureException unsupportedWrite(String feature, String location, String what) {
    return new UnsupportedFeatureException(feature, "Table " + location + " uses " + what + " (Delta feature '"
        + feature + "'), which Tidelake cannot enforce while writing. Write to it with Spark or delta-rs, "
        + "or remove the feature there first.");
  }

  public static boolean containsNtz(DataType t) {
    if (t == PrimitiveType.TIMESTAMP_NTZ) {
      return true;
    }
    if (t instanceof StructType s) {
      return s.fields().stream().anyMatch(f -> containsNtz(f.type()));
    }
    if (t instanceof ArrayType a) {
      return containsNtz(a.elementType());
    }
    if (t instanceof MapType m) {
      return containsNtz(m.keyType()) || containsNtz(m.valueType());
    }
    return false;
  }
}
