package io.tidelake.table.internal.codec;

import static io.tidelake.table.internal.codec.JsonFields.bool;
import static io.tidelake.table.internal.codec.JsonFields.describe;
import static io.tidelake.table.internal.codec.JsonFields.expectObject;
import static io.tidelake.table.internal.codec.JsonFields.intValue;
import static io.tidelake.table.internal.codec.JsonFields.longValue;
import static io.tidelake.table.internal.codec.JsonFields.required;
import static io.tidelake.table.internal.codec.JsonFields.string;
import static io.tidelake.table.internal.codec.JsonFields.stringList;
import static io.tidelake.table.internal.codec.JsonFields.stringMap;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.CheckpointMetadata;
import io.tidelake.table.actions.CommitInfo;
import io.tidelake.table.actions.DomainMetadata;
import io.tidelake.table.actions.Format;
import io.tidelake.table.actions.Metadata;
import io.tidelake.table.actions.Protocol;
import io.tidelake.table.actions.SetTransaction;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Streaming reader of one log line. Unknown action keys and unknown fields are skipped (forward
 * compatibility is a protocol MUST). A field counts as required when PROTOCOL.md marks it required and
 * delta-spark has no default for it; where delta-spark does default a field (a missing
 * {@code metaData.partitionColumns}, {@code remove.dataChange}) we apply the same default so that we read
 * every log it reads. JSON null is treated like an absent field.
 */
final class ActionReader {
  private ActionReader() {}

  /**
   * Reads the single action of a line from a parser that has not consumed any token yet. Returns null
   * for a blank line, an empty object or an action type this library does not know.
   */
  static Action readLine(JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t == null) {
      return null;
    }
    if (t != JsonToken.START_OBJECT) {
      throw new MalformedActionException(
          "a log line must be a JSON object holding one action, like {\"add\":{...}}, found "
              + describe(t));
    }
    Action action = null;
    String actionKey = null;
    String key;
    while ((key = p.nextFieldName()) != null) {
      p.nextToken();
      Action a = readAction(p, key);
      if (a != null) {
        if (action != null) {
          throw new MalformedActionException(
              "the line holds two actions, '" + actionKey + "' and '" + key
                  + "'; each line must hold exactly one");
        }
        action = a;
        actionKey = key;
      }
    }
    if (p.currentToken() != JsonToken.END_OBJECT) {
      throw new MalformedActionException("expected an action name, found " + describe(p.currentToken()));
    }
    JsonToken trailing = p.nextToken();
    if (trailing != null) {
      throw new MalformedActionException(
          "found " + describe(trailing) + " after the action object; a line must hold exactly one");
    }
    return action;
  }

  private static Action readAction(JsonParser p, String key) throws IOException {
    switch (key) {
      case "add":
        expectObject(p, "add");
        return FileActionReader.readAdd(p);
      case "remove":
        expectObject(p, "remove");
        return FileActionReader.readRemove(p);
      case "metaData":
        expectObject(p, "metaData");
        return readMetadata(p);
      case "protocol":
        expectObject(p, "protocol");
        return readProtocol(p);
      case "commitInfo":
        expectObject(p, "commitInfo");
        return new CommitInfo(PlainJson.readObjectBody(p));
      case "txn":
        expectObject(p, "txn");
        return readTxn(p);
      case "cdc":
        expectObject(p, "cdc");
        return FileActionReader.readCdc(p);
      case "domainMetadata":
        expectObject(p, "domainMetadata");
        return readDomainMetadata(p);
      case "checkpointMetadata":
        expectObject(p, "checkpointMetadata");
        return readCheckpointMetadata(p);
      case "sidecar":
        expectObject(p, "sidecar");
        return FileActionReader.readSidecar(p);
      default:
        p.skipChildren();
        return null;
    }
  }

  private static Metadata readMetadata(JsonParser p) throws IOException {
    String id = null;
    String name = null;
    String description = null;
    Format format = null;
    String schemaString = null;
    List<String> partitionColumns = null;
    Map<String, String> configuration = null;
    Long createdTime = null;
    String f;
    while ((f = p.nextFieldName()) != null) {
      p.nextToken();
      switch (f) {
        case "id" -> id = string(p, "metaData.id");
        case "name" -> name = string(p, "metaData.name");
        case "description" -> description = string(p, "metaData.description");
        case "format" -> format = readFormat(p);
        case "schemaString" -> schemaString = string(p, "metaData.schemaString");
        case "partitionColumns" -> partitionColumns = stringList(p, "metaData.partitionColumns");
        case "configuration" -> configuration = stringMap(p, "metaData.configuration");
        case "createdTime" -> createdTime = longValue(p, "metaData.createdTime");
        default -> p.skipChildren();
      }
    }
    // schemaString may be missing in damaged logs that must still be listed (golden
    // versions-not-contiguous); the snapshot layer rejects a schema-less table when it needs one.
    return new Metadata(
        required(id, "metaData", "id"),
        name,
        description,
        format,
        schemaString,
        partitionColumns,
        configuration,
        createdTime);
  }

  private static Format readFormat(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    expectObject(p, "metaData.format");
    String provider = null;
    Map<String, String> options = null;
    String f;
    while ((f = p.nextFieldName()) != null) {
      p.nextToken();
      switch (f) {
        case "provider" -> provider = string(p, "metaData.format.provider");
        case "options" -> options = stringMap(p, "metaData.format.options");
        default -> p.skipChildren();
      }
    }
    return new Format(provider == null ? "parquet" : provider, options);
  }

  private static Protocol readProtocol(JsonParser p) throws IOException {
    Integer reader = null;
    Integer writer = null;
    List<String> readerFeatures = null;
    List<String> writerFeatures = null;
    String f;
    while ((f = p.nextFieldName()) != null) {
      p.nextToken();
      switch (f) {
        case "minReaderVersion" -> reader = intValue(p, "protocol.minReaderVersion");
        case "minWriterVersion" -> writer = intValue(p, "protocol.minWriterVersion");
        case "readerFeatures" -> readerFeatures = stringList(p, "protocol.readerFeatures");
        case "writerFeatures" -> writerFeatures = stringList(p, "protocol.writerFeatures");
        default -> p.skipChildren();
      }
    }
    return new Protocol(
        required(reader, "protocol", "minReaderVersion"),
        required(writer, "protocol", "minWriterVersion"),
        readerFeatures == null ? null : new HashSet<>(readerFeatures),
        writerFeatures == null ? null : new HashSet<>(writerFeatures));
  }

  private static SetTransaction readTxn(JsonParser p) throws IOException {
    String appId = null;
    Long version = null;
    Long lastUpdated = null;
    String f;
    while ((f = p.nextFieldName()) != null) {
      p.nextToken();
      switch (f) {
        case "appId" -> appId = string(p, "txn.appId");
        case "version" -> version = longValue(p, "txn.version");
        case "lastUpdated" -> lastUpdated = longValue(p, "txn.lastUpdated");
        default -> p.skipChildren();
      }
    }
    return new SetTransaction(
        required(appId, "txn", "appId"), required(version, "txn", "version"), lastUpdated);
  }

  private static DomainMetadata readDomainMetadata(JsonParser p) throws IOException {
    String domain = null;
    String configuration = null;
    Boolean removed = null;
    String f;
    while ((f = p.nextFieldName()) != null) {
      p.nextToken();
      switch (f) {
        case "domain" -> domain = string(p, "domainMetadata.domain");
        case "configuration" -> configuration = string(p, "domainMetadata.configuration");
        case "removed" -> removed = bool(p, "domainMetadata.removed");
        default -> p.skipChildren();
      }
    }
    return new DomainMetadata(
        required(domain, "domainMetadata", "domain"),
        required(configuration, "domainMetadata", "configuration"),
        required(removed, "domainMetadata", "removed"));
  }

  private static CheckpointMetadata readCheckpointMetadata(JsonParser p) throws IOException {
    Long version = null;
    Map<String, String> tags = null;
    String f;
    while ((f = p.nextFieldName()) != null) {
      p.nextToken();
      switch (f) {
        case "version" -> version = longValue(p, "checkpointMetadata.version");
        case "tags" -> tags = stringMap(p, "checkpointMetadata.tags");
        default -> p.skipChildren();
      }
    }
    return new CheckpointMetadata(required(version, "checkpointMetadata", "version"), tags);
  }

}
