package io.tidelake.table.internal.codec;

import static io.tidelake.table.internal.codec.JsonFields.bool;
import static io.tidelake.table.internal.codec.JsonFields.expectObject;
import static io.tidelake.table.internal.codec.JsonFields.intValue;
import static io.tidelake.table.internal.codec.JsonFields.longValue;
import static io.tidelake.table.internal.codec.JsonFields.required;
import static io.tidelake.table.internal.codec.JsonFields.requiredIn;
import static io.tidelake.table.internal.codec.JsonFields.string;
import static io.tidelake.table.internal.codec.JsonFields.stringMap;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tidelake.table.actions.AddCDCFile;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.DeletionVectorDescriptor;
import io.tidelake.table.actions.RemoveFile;
import io.tidelake.table.actions.Sidecar;
import java.io.IOException;
import java.util.Map;

/**
 * Readers of the actions that name a file ({@code add}, {@code remove}, {@code cdc}, {@code sidecar}),
 * the bulk of every log; the parser is positioned on the action's START_OBJECT. See
 * {@link ActionReader} for the rules on required fields and defaults.
 */
final class FileActionReader {
  private FileActionReader() {}

  static AddFile readAdd(JsonParser p) throws IOException {
    String path = null;
    Map<String, String> partitionValues = null;
    Long size = null;
    Long modificationTime = null;
    Boolean dataChange = null;
    String stats = null;
    Map<String, String> tags = null;
    DeletionVectorDescriptor dv = null;
    Long baseRowId = null;
    Long defaultRowCommitVersion = null;
    String clusteringProvider = null;
    String f;
    while ((f = p.nextFieldName()) != null) {
      p.nextToken();
      switch (f) {
        case "path" -> path = string(p, "add.path");
        case "partitionValues" -> partitionValues = stringMap(p, "add.partitionValues");
        case "size" -> size = longValue(p, "add.size");
        case "modificationTime" -> modificationTime = longValue(p, "add.modificationTime");
        case "dataChange" -> dataChange = bool(p, "add.dataChange");
        case "stats" -> stats = string(p, "add.stats");
        case "tags" -> tags = stringMap(p, "add.tags");
        case "deletionVector" -> dv = readDv(p, "add.deletionVector");
        case "baseRowId" -> baseRowId = longValue(p, "add.baseRowId");
        case "defaultRowCommitVersion" ->
            defaultRowCommitVersion = longValue(p, "add.defaultRowCommitVersion");
        case "clusteringProvider" -> clusteringProvider = string(p, "add.clusteringProvider");
        default -> p.skipChildren();
      }
    }
    // partitionValues is required by the spec, but a missing map on an unpartitioned table is harmless
    // and delta-spark reads it; the record turns it into an empty map.
    return new AddFile(
        required(path, "add", "path"),
        partitionValues,
        required(size, "add", "size"),
        required(modificationTime, "add", "modificationTime"),
        required(dataChange, "add", "dataChange"),
        stats,
        tags,
        dv,
        baseRowId,
        defaultRowCommitVersion,
        clusteringProvider);
  }

  static RemoveFile readRemove(JsonParser p) throws IOException {
    String path = null;
    Long deletionTimestamp = null;
    Boolean dataChange = null;
    Boolean extendedFileMetadata = null;
    Map<String, String> partitionValues = null;
    Long size = null;
    String stats = null;
    Map<String, String> tags = null;
    DeletionVectorDescriptor dv = null;
    Long baseRowId = null;
    Long defaultRowCommitVersion = null;
    String f;
    while ((f = p.nextFieldName()) != null) {
      p.nextToken();
      switch (f) {
        case "path" -> path = string(p, "remove.path");
        case "deletionTimestamp" -> deletionTimestamp = longValue(p, "remove.deletionTimestamp");
        case "dataChange" -> dataChange = bool(p, "remove.dataChange");
        case "extendedFileMetadata" ->
            extendedFileMetadata = bool(p, "remove.extendedFileMetadata");
        case "partitionValues" -> partitionValues = stringMap(p, "remove.partitionValues");
        case "size" -> size = longValue(p, "remove.size");
        case "stats" -> stats = string(p, "remove.stats");
        case "tags" -> tags = stringMap(p, "remove.tags");
        case "deletionVector" -> dv = readDv(p, "remove.deletionVector");
        case "baseRowId" -> baseRowId = longValue(p, "remove.baseRowId");
        case "defaultRowCommitVersion" ->
            defaultRowCommitVersion = longValue(p, "remove.defaultRowCommitVersion");
        default -> p.skipChildren();
      }
    }
    return new RemoveFile(
        required(path, "remove", "path"),
        deletionTimestamp,
        dataChange == null || dataChange, // delta-spark's RemoveFile defaults dataChange to true
        extendedFileMetadata,
        partitionValues,
        size,
        stats,
        tags,
        dv,
        baseRowId,
        defaultRowCommitVersion);
  }

  private static DeletionVectorDescriptor readDv(JsonParser p, String field) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    expectObject(p, field);
    String storageType = null;
    String pathOrInlineDv = null;
    Integer offset = null;
    Integer sizeInBytes = null;
    Long cardinality = null;
    Long maxRowIndex = null;
    String f;
    while ((f = p.nextFieldName()) != null) {
      p.nextToken();
      switch (f) {
        case "storageType" -> storageType = string(p, "deletionVector.storageType");
        case "pathOrInlineDv" -> pathOrInlineDv = string(p, "deletionVector.pathOrInlineDv");
        case "offset" -> offset = intValue(p, "deletionVector.offset");
        case "sizeInBytes" -> sizeInBytes = intValue(p, "deletionVector.sizeInBytes");
        case "cardinality" -> cardinality = longValue(p, "deletionVector.cardinality");
        case "maxRowIndex" -> maxRowIndex = longValue(p, "deletionVector.maxRowIndex");
        default -> p.skipChildren();
      }
    }
    return new DeletionVectorDescriptor(
        requiredIn(storageType, field, "storageType"),
        requiredIn(pathOrInlineDv, field, "pathOrInlineDv"),
        offset,
        requiredIn(sizeInBytes, field, "sizeInBytes"),
        requiredIn(cardinality, field, "cardinality"),
        maxRowIndex);
  }

  static AddCDCFile readCdc(JsonParser p) throws IOException {
    String path = null;
    Map<String, String> partitionValues = null;
    Long size = null;
    Boolean dataChange = null;
    Map<String, String> tags = null;
    String f;
    while ((f = p.nextFieldName()) != null) {
      p.nextToken();
      switch (f) {
        case "path" -> path = string(p, "cdc.path");
        case "partitionValues" -> partitionValues = stringMap(p, "cdc.partitionValues");
        case "size" -> size = longValue(p, "cdc.size");
        case "dataChange" -> dataChange = bool(p, "cdc.dataChange");
        case "tags" -> tags = stringMap(p, "cdc.tags");
        default -> p.skipChildren();
      }
    }
    return new AddCDCFile(
        required(path, "cdc", "path"),
        partitionValues,
        required(size, "cdc", "size"),
        dataChange != null && dataChange, // always false in practice; delta-spark does not store it
        tags);
  }

  static Sidecar readSidecar(JsonParser p) throws IOException {
    String path = null;
    Long sizeInBytes = null;
    Long modificationTime = null;
    Map<String, String> tags = null;
    String f;
    while ((f = p.nextFieldName()) != null) {
      p.nextToken();
      switch (f) {
        case "path" -> path = string(p, "sidecar.path");
        case "sizeInBytes" -> sizeInBytes = longValue(p, "sidecar.sizeInBytes");
        case "modificationTime" -> modificationTime = longValue(p, "sidecar.modificationTime");
        case "tags" -> tags = stringMap(p, "sidecar.tags");
        default -> p.skipChildren();
      }
    }
    return new Sidecar(
        required(path, "sidecar", "path"),
        required(sizeInBytes, "sidecar", "sizeInBytes"),
        required(modificationTime, "sidecar", "modificationTime"),
        tags);
  }
}
