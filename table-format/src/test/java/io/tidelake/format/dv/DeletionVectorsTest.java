package io.tidelake.format.dv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.CloseableIterator;
import io.tidelake.format.Row;
import io.tidelake.format.store.LocalObjectStore;
import io.tidelake.format.types.PrimitiveType;
import io.tidelake.format.types.StructField;
import io.tidelake.format.types.StructType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deletion vector decoding against the published vectors (ZeroMQ's Z85 example, the UUID examples of
 * PROTOCOL.md) and against files built byte by byte from the protocol's description of the format.
 */
class DeletionVectorsTest {
  @TempDir
  Path dir;

  private final LocalObjectStore store = new LocalObjectStore();

  @Test
  void z85MatchesTheSpecificationExample() {
    byte[] hello = HexFormat.of().parseHex("864FD26FB559F75B"); // Z85 spec (rfc.zeromq.org/spec/32)
    assertThat(Z85.encode(hello)).isEqualTo("HelloWorld");
    assertThat(Z85.decode("HelloWorld", 8)).isEqualTo(hello);
    assertThat(Z85.decode("HelloWorld", 5)).isEqualTo(HexFormat.of().parseHex("864FD26FB5"));
    assertThat(Z85.decode(Z85.encode(new byte[] {1, 2, 3}), 3)).containsExactly(1, 2, 3); // padded to 4 bytes
    assertThatThrownBy(() -> Z85.decode("Hello~orld", 8)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'~' at position 5");
    assertThatThrownBy(() -> Z85.decode("Hell", 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Z85.decode("HelloWorld", 9)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void relativeVectorsNameTheirFileByUuidUnderTheRandomPrefix() {
    // PROTOCOL.md "JSON Example 1" and delta-kernel-rs' examples
    assertThat(DeletionVectors.relativeFilePath("ab^-aqEH.-t@S}K{vb[*k^"))
        .isEqualTo("ab/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin");
    assertThat(DeletionVectors.relativeFilePath("vBn[lx{q8@P<9BNH/isA"))
        .isEqualTo("deletion_vector_61d16c75-6994-46b7-a15b-8b538852e50e.bin");
    UUID u = UUID.randomUUID();
    assertThat(Z85.decodeUuid(Z85.encodeUuid(u))).isEqualTo(u);
    assertThatThrownBy(() -> DeletionVectors.relativeFilePath("short")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bitmapsRoundTripAcrossThe32BitBoundary() {
    long big = (1L << 32) + 5;
    DeletedRows rows = DeletedRows.of(0, 3, 65_536, 4_000_000_000L, big);
    byte[] bytes = rows.serialize();
    ByteBuffer b = ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    assertThat(b.getInt()).isEqualTo(DeletedRows.PORTABLE_MAGIC);
    assertThat(b.getLong()).as("buckets for high bits 0 and 1").isEqualTo(2);
    DeletedRows back = DeletedRows.parse(bytes, 0, bytes.length);
    assertThat(back).isEqualTo(rows);
    assertThat(back.cardinality()).isEqualTo(5);
    assertThat(back.contains(4_000_000_000L)).isTrue();
    assertThat(back.contains(big)).isTrue();
    assertThat(back.contains(5)).isFalse();
    assertThat(back.contains(big - (1L << 32) + 1)).isFalse();
  }

  @Test
  void malformedBitmapsAreRefused() {
    byte[] good = DeletedRows.of(1, 2).serialize();
    byte[] badMagic = good.clone();
    badMagic[0] ^= 1;
    assertThatThrownBy(() -> DeletedRows.parse(badMagic, 0, badMagic.length))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("magic");
    assertThatThrownBy(() -> DeletedRows.parse(good, 0, good.length - 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
    byte[] trailing = java.util.Arrays.copyOf(good, good.length + 2);
    assertThatThrownBy(() -> DeletedRows.parse(trailing, 0, trailing.length))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("follow");
  }

  @Test
  void inlineVectors() {
    DeletedRows rows = DeletedRows.of(3, 4, 7, 11, 18, 29);
    byte[] bytes = rows.serialize();
    String z85 = Z85.encode(bytes);
    assertThat(DeletionVectors.readInline(z85, bytes.length, 6, "f.parquet")).isEqualTo(rows);
    assertThatThrownBy(() -> DeletionVectors.readInline(z85, bytes.length, 5, "f.parquet"))
        .isInstanceOf(CorruptDeletionVectorException.class).hasMessageContaining("cardinality is 5")
        .hasMessageContaining("f.parquet");
  }

  @Test
  void theProtocolsInlineExampleIsRefusedAsDeltaSparkRefusesIt() {
    // PROTOCOL.md "JSON Example 3" encodes its bitmap in delta-spark's internal native layout, big-endian;
    // delta-spark's own reader rejects it, so a faithful reader must too (rather than guess).
    assertThatThrownBy(() -> DeletionVectors.readInline("wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L", 40, 6,
        "example.parquet")).isInstanceOf(CorruptDeletionVectorException.class).hasMessageContaining("magic");
  }

  @Test
  void vectorsInFilesAreFoundByOffsetAndChecked() throws Exception {
    DeletedRows first = DeletedRows.of(0, 9);
    DeletedRows second = DeletedRows.of(1, 2, 3, 70_000);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write(1); // format version
    int offset1 = file.size();
    writeVector(file, first.serialize());
    int offset2 = file.size();
    writeVector(file, second.serialize());
    Path p = dir.resolve("deletion_vector_" + UUID.randomUUID() + ".bin");
    Files.write(p, file.toByteArray());
    String loc = p.toString();
    int size2 = second.serialize().length;

    assertThat(DeletionVectors.readFile(store, loc, offset1, first.serialize().length, 2, "a.parquet")).isEqualTo(first);
    assertThat(DeletionVectors.readFile(store, loc, offset2, size2, 4, "b.parquet")).isEqualTo(second);
    int size1 = first.serialize().length;
    assertThatThrownBy(() -> DeletionVectors.readFile(store, loc, offset1, size1 + 1, 2, "a.parquet"))
        .isInstanceOf(CorruptDeletionVectorException.class).hasMessageContaining("descriptor says " + (size1 + 1));
    assertThatThrownBy(() -> DeletionVectors.readFile(store, loc, offset2, size2 + 1, 4, "b.parquet"))
        .isInstanceOf(CorruptDeletionVectorException.class).hasMessageContaining("the file has only");
    assertThatThrownBy(() -> DeletionVectors.readFile(store, loc, offset2 + 1, size2, 4, "b.parquet"))
        .isInstanceOf(CorruptDeletionVectorException.class);
    assertThatThrownBy(() -> DeletionVectors.readFile(store, loc + ".gone", 1, size2, 4, "b.parquet"))
        .isInstanceOf(CorruptDeletionVectorException.class).hasMessageContaining("does not exist")
        .hasMessageContaining("b.parquet");

    byte[] damaged = file.toByteArray();
    damaged[offset2 + 4 + 10] ^= 0x40; // a bitmap byte: only the checksum can tell
    Files.write(p, damaged);
    assertThatThrownBy(() -> DeletionVectors.readFile(store, loc, offset2, size2, 4, "b.parquet"))
        .isInstanceOf(CorruptDeletionVectorException.class).hasMessageContaining("CRC-32");
  }

  private static void writeVector(ByteArrayOutputStream out, byte[] bitmap) {
    CRC32 crc = new CRC32();
    crc.update(bitmap);
    out.writeBytes(ByteBuffer.allocate(4).putInt(bitmap.length).array()); // big-endian, as delta-spark writes
    out.writeBytes(bitmap);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  @Test
  void rowIndexFilterDropsDeletedPositions() {
    StructType schema = StructType.of(new StructField("n", PrimitiveType.LONG));
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < 6; i++) {
      rows.add(Row.of(schema, i * 10));
    }
    try (CloseableIterator<Row> it = RowIndexFilter.skipDeleted(CloseableIterator.of(rows.iterator()),
        DeletedRows.of(0, 2, 5, 99))) {
      assertThat(it.toList()).extracting(r -> r.getLong(0)).containsExactly(10L, 30L, 40L);
    }
  }
}
