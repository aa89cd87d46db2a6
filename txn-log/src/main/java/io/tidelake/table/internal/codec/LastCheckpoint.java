package io.tidelake.table.internal.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code _delta_log/_last_checkpoint}: a hint pointing at the newest checkpoint. Because it is only a
 * hint, and is legitimately missing, stale, empty or corrupt in the wild (golden
 * {@code corrupted-last-checkpoint*}), {@link #parse} never throws: it returns null and the caller falls
 * back to listing {@code _delta_log}.
 *
 * <p>{@code checkpointSchema}, {@code checksum} and {@code tags} are read past and not written back:
 * they are optional, and a checksum would have to be recomputed over exactly what we write.
 *
 * @param version the checkpoint's table version (required)
 * @param size number of actions in the checkpoint
 * @param parts number of parts of a multi-part checkpoint, null for a single file
 * @param sizeInBytes total size of the checkpoint files
 * @param numOfAddFiles number of add actions in the checkpoint
 * @param v2Checkpoint the V2 checkpoint embedded by delta-spark ({@code path}, {@code sizeInBytes},
 *     {@code modificationTime}, {@code nonFileActions}, {@code sidecarFiles}) as plain values, or null
 */
public record LastCheckpoint(
    long version,
    Long size,
    Integer parts,
    Long sizeInBytes,
    Long numOfAddFiles,
    Map<String, Object> v2Checkpoint) {

  public LastCheckpoint {
    if (version < 0) {
      throw new IllegalArgumentException("checkpoint version must be >= 0, got " + version);
    }
    v2Checkpoint =
        v2Checkpoint == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(v2Checkpoint));
  }

  /** Minimal form, as Delta Kernel writes it: {@code {"version":2,"size":9}}. */
  public LastCheckpoint(long version, Long size) {
    this(version, size, null, null, null, null);
  }

  /** The parsed hint, or null when the content is empty, not JSON or lacks a usable version. */
  public static LastCheckpoint parse(byte[] content) {
    if (content == null || content.length == 0) {
      return null;
    }
    try (JsonParser p = PlainJson.FACTORY.createParser(content)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Long version = null;
      Long size = null;
      Integer parts = null;
      Long sizeInBytes = null;
      Long numOfAddFiles = null;
      Map<String, Object> v2 = null;
      String f;
      while ((f = p.nextFieldName()) != null) {
        p.nextToken();
        switch (f) {
          case "version" -> version = JsonFields.longValue(p, "version");
          case "size" -> size = JsonFields.longValue(p, "size");
          case "parts" -> parts = JsonFields.intValue(p, "parts");
          case "sizeInBytes" -> sizeInBytes = JsonFields.longValue(p, "sizeInBytes");
          case "numOfAddFiles" -> numOfAddFiles = JsonFields.longValue(p, "numOfAddFiles");
          case "v2Checkpoint" -> {
            Object raw = PlainJson.read(p);
            v2 = raw instanceof Map<?, ?> ? castMap(raw) : null;
          }
          default -> p.skipChildren();
        }
      }
      // Trailing garbage means a torn or concatenated write: do not trust any of it.
      if (p.nextToken() != null || version == null || version < 0) {
        return null;
      }
      return new LastCheckpoint(version, size, parts, sizeInBytes, numOfAddFiles, v2);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  public byte[] toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = PlainJson.FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("version", version);
      if (size != null) {
        g.writeNumberField("size", size);
      }
      if (parts != null) {
        g.writeNumberField("parts", parts);
      }
      if (sizeInBytes != null) {
        g.writeNumberField("sizeInBytes", sizeInBytes);
      }
      if (numOfAddFiles != null) {
        g.writeNumberField("numOfAddFiles", numOfAddFiles);
      }
      if (v2Checkpoint != null) {
        g.writeFieldName("v2Checkpoint");
        PlainJson.write(g, v2Checkpoint);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object raw) {
    return (Map<String, Object>) raw; // PlainJson.read builds objects as Map<String, Object>
  }
}
