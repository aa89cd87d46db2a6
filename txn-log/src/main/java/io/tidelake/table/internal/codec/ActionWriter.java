package io.tidelake.table.internal.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.AddCDCFile;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.CheckpointMetadata;
import io.tidelake.table.actions.CommitInfo;
import io.tidelake.table.actions.DeletionVectorDescriptor;
import io.tidelake.table.actions.DomainMetadata;
import io.tidelake.table.actions.Metadata;
import io.tidelake.table.actions.Protocol;
import io.tidelake.table.actions.RemoveFile;
import io.tidelake.table.actions.SetTransaction;
import io.tidelake.table.actions.Sidecar;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;

/**
 * Streaming writer of one action as a single-key object. Field order follows delta-spark so that our
 * lines diff cleanly against theirs; absent optional fields are omitted (never {@code "tags":null}),
 * but null values inside maps are written as JSON null, which is how Spark and Kernel encode a null
 * partition value.
 */
final class ActionWriter {
  private ActionWriter() {}

  static void write(JsonGenerator g, Action action) throws IOException {
    g.writeStartObject();
    if (action instanceof AddFile a) {
      g.writeFieldName("add");
      writeAdd(g, a);
    } else if (action instanceof RemoveFile r) {
      g.writeFieldName("remove");
      writeRemove(g, r);
    } else if (action instanceof Metadata m) {
      g.writeFieldName("metaData");
      writeMetadata(g, m);
    } else if (action instanceof Protocol p) {
      g.writeFieldName("protocol");
      writeProtocol(g, p);
    } else if (action instanceof CommitInfo c) {
      g.writeFieldName("commitInfo");
      PlainJson.write(g, c.values());
    } else if (action instanceof SetTransaction t) {
      g.writeFieldName("txn");
      g.writeStartObject();
      g.writeStringField("appId", t.appId());
      g.writeNumberField("version", t.version());
      writeOptional(g, "lastUpdated", t.lastUpdated());
      g.writeEndObject();
    } else if (action instanceof AddCDCFile c) {
      g.writeFieldName("cdc");
      g.writeStartObject();
      g.writeStringField("path", c.path());
      writeMap(g, "partitionValues", c.partitionValues());
      g.writeNumberField("size", c.size());
      g.writeBooleanField("dataChange", c.dataChange());
      writeMap(g, "tags", c.tags());
      g.writeEndObject();
    } else if (action instanceof DomainMetadata d) {
      g.writeFieldName("domainMetadata");
      g.writeStartObject();
      g.writeStringField("domain", d.domain());
      g.writeStringField("configuration", d.configuration());
      g.writeBooleanField("removed", d.removed());
      g.writeEndObject();
    } else if (action instanceof CheckpointMetadata c) {
      g.writeFieldName("checkpointMetadata");
      g.writeStartObject();
      g.writeNumberField("version", c.version());
      writeMap(g, "tags", c.tags());
      g.writeEndObject();
    } else if (action instanceof Sidecar s) {
      g.writeFieldName("sidecar");
      g.writeStartObject();
      g.writeStringField("path", s.path());
      g.writeNumberField("sizeInBytes", s.sizeInBytes());
      g.writeNumberField("modificationTime", s.modificationTime());
      writeMap(g, "tags", s.tags());
      g.writeEndObject();
    } else {
      // Unreachable while Action is sealed; kept so a new permitted type fails loudly, not silently.
      throw new IllegalArgumentException("unsupported action type " + action.getClass().getName());
    }
    g.writeEndObject();
  }

  private static void writeAdd(JsonGenerator g, AddFile a) throws IOException {
    g.writeStartObject();
    g.writeStringField("path", a.path());
    writeMap(g, "partitionValues", a.partitionValues());
    g.writeNumberField("size", a.size());
    g.writeNumberField("modificationTime", a.modificationTime());
    g.writeBooleanField("dataChange", a.dataChange());
    writeOptional(g, "stats", a.stats());
    writeMap(g, "tags", a.tags());
    writeDv(g, a.deletionVector());
    writeOptional(g, "baseRowId", a.baseRowId());
    writeOptional(g, "defaultRowCommitVersion", a.defaultRowCommitVersion());
    writeOptional(g, "clusteringProvider", a.clusteringProvider());
    g.writeEndObject();
  }

  private static void writeRemove(JsonGenerator g, RemoveFile r) throws IOException {
    g.writeStartObject();
    g.writeStringField("path", r.path());
    writeOptional(g, "deletionTimestamp", r.deletionTimestamp());
    g.writeBooleanField("dataChange", r.dataChange());
    if (r.extendedFileMetadata() != null) {
      g.writeBooleanField("extendedFileMetadata", r.extendedFileMetadata());
    }
    writeMap(g, "partitionValues", r.partitionValues());
    writeOptional(g, "size", r.size());
    writeOptional(g, "stats", r.stats());
    writeMap(g, "tags", r.tags());
    writeDv(g, r.deletionVector());
    writeOptional(g, "baseRowId", r.baseRowId());
    writeOptional(g, "defaultRowCommitVersion", r.defaultRowCommitVersion());
    g.writeEndObject();
  }

  private static void writeDv(JsonGenerator g, DeletionVectorDescriptor dv) throws IOException {
    if (dv == null) {
      return;
    }
    g.writeFieldName("deletionVector");
    g.writeStartObject();
    g.writeStringField("storageType", dv.storageType());
    g.writeStringField("pathOrInlineDv", dv.pathOrInlineDv());
    if (dv.offset() != null) {
      g.writeNumberField("offset", dv.offset());
    }
    g.writeNumberField("sizeInBytes", dv.sizeInBytes());
    g.writeNumberField("cardinality", dv.cardinality());
    writeOptional(g, "maxRowIndex", dv.maxRowIndex());
    g.writeEndObject();
  }

  private static void writeMetadata(JsonGenerator g, Metadata m) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", m.id());
    writeOptional(g, "name", m.name());
    writeOptional(g, "description", m.description());
    g.writeFieldName("format");
    g.writeStartObject();
    g.writeStringField("provider", m.format().provider());
    // Always written, even when empty: Spark writes "options":{} and some readers expect the key.
    writeMap(g, "options", m.format().options());
    g.writeEndObject();
    writeOptional(g, "schemaString", m.schemaString());
    writeStrings(g, "partitionColumns", m.partitionColumns());
    writeMap(g, "configuration", m.configuration());
    writeOptional(g, "createdTime", m.createdTime());
    g.writeEndObject();
  }

  private static void writeProtocol(JsonGenerator g, Protocol p) throws IOException {
    g.writeStartObject();
    g.writeNumberField("minReaderVersion", p.minReaderVersion());
    g.writeNumberField("minWriterVersion", p.minWriterVersion());
    if (p.readerFeatures() != null) {
      writeStrings(g, "readerFeatures", p.readerFeatures());
    }
    if (p.writerFeatures() != null) {
      writeStrings(g, "writerFeatures", p.writerFeatures());
    }
    g.writeEndObject();
  }

  /** Omits the field when the map is null; writes null values inside the map as JSON null. */
  private static void writeMap(JsonGenerator g, String field, Map<String, String> map)
      throws IOException {
    if (map == null) {
      return;
    }
    g.writeFieldName(field);
    g.writeStartObject();
    for (Map.Entry<String, String> e : map.entrySet()) {
      g.writeFieldName(e.getKey());
      if (e.getValue() == null) {
        g.writeNull();
      } else {
        g.writeString(e.getValue());
      }
    }
    g.writeEndObject();
  }

  private static void writeStrings(JsonGenerator g, String field, Collection<String> values)
      throws IOException {
    g.writeFieldName(field);
    g.writeStartArray();
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  private static void writeOptional(JsonGenerator g, String field, String value) throws IOException {
    if (value != null) {
      g.writeStringField(field, value);
    }
  }

  private static void writeOptional(JsonGenerator g, String field, Long value) throws IOException {
    if (value != null) {
      g.writeNumberField(field, value);
    }
  }
}
