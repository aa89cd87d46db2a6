package io.tidelake.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.cli.CanonicalRows;
import io.tidelake.format.dv.CorruptDeletionVectorException;
import io.tidelake.format.dv.DeletionVectors;
import io.tidelake.format.dv.Z85;
import io.tidelake.table.Table;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three places a deletion vector can live (PROTOCOL.md "Deletion Vector Descriptor Schema"), with the
 * real bitmaps delta-spark wrote for golden {@code log-replay-dv-key-cases} (50 rows, DELETEs of ids 0, 7
 * and 14 as three DV generations): the original relative {@code u} files, the same bitmaps rewritten into
 * the log as inline {@code i} vectors, and as absolute {@code p} paths. Delta Kernel reads each rewritten
 * log too, which checks that the inline encoding is the protocol's and not just our own.
 */
class DeletionVectorStorageTest {
  private static final Pattern RELATIVE_DV =
      Pattern.compile("\"storageType\":\"u\",\"pathOrInlineDv\":\"([^\"]+)\",\"offset\":(\\d+),\"sizeInBytes\":(\\d+)");

  @TempDir
  Path dir;
  private Path table;
  private String expectedHash;

  @BeforeEach
  void copyGoldenTable() {
    table = Interop.copy(GoldenTables.root().resolve("log-replay-dv-key-cases"), dir.resolve("dv"));
    expectedHash = GoldenTables.expectations().stream().filter(e -> e.table().equals("log-replay-dv-key-cases"))
        .findFirst().orElseThrow().sha256();
  }

  private List<String> tidelakeRows() {
    return Kernel.canonical(Table.open(table.toString()).newScan().rows());
  }

  @Test
  void relativeVectorsAsSparkWroteThem() {
    List<String> rows = tidelakeRows();
    assertThat(rows).hasSize(47).doesNotContain("{\"id\":0}", "{\"id\":7}", "{\"id\":14}").contains("{\"id\":49}");
    assertThat(CanonicalRows.sha256(rows)).isEqualTo(expectedHash);
  }

  @Test
  void inlineVectors() throws IOException {
    rewriteDescriptors(m -> {
      byte[] bitmap = bitmapBytes(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
      return "\"storageType\":\"i\",\"pathOrInlineDv\":\"" + Z85.encode(bitmap) + "\",\"sizeInBytes\":" + m.group(3);
    });
    assertThat(Interop.read(table.resolve("_delta_log/00000000000000000003.json"))).contains("\"storageType\":\"i\"")
        .doesNotContain("\"storageType\":\"u\"");
    deleteDvFiles(); // inline vectors need no file
    assertThat(CanonicalRows.sha256(tidelakeRows())).isEqualTo(expectedHash);
    assertThat(Kernel.read(table.toString()).sha256()).isEqualTo(expectedHash);
  }

  @Test
  void absolutePathVectors() throws IOException {
    rewriteDescriptors(m -> "\"storageType\":\"p\",\"pathOrInlineDv\":\""
        + table.resolve(DeletionVectors.relativeFilePath(m.group(1))).toUri() + "\",\"offset\":" + m.group(2)
        + ",\"sizeInBytes\":" + m.group(3));
    assertThat(Interop.read(table.resolve("_delta_log/00000000000000000003.json")))
        .contains("\"storageType\":\"p\",\"pathOrInlineDv\":\"file:");
    assertThat(CanonicalRows.sha256(tidelakeRows())).isEqualTo(expectedHash);
    assertThat(Kernel.read(table.toString()).sha256()).isEqualTo(expectedHash);
  }

  @Test
  void aDamagedOrMissingVectorStopsTheReadInsteadOfReturningDeletedRows() throws IOException {
    List<Path> files = dvFiles();
    assertThat(files).hasSize(3);
    for (Path f : files) {
      byte[] b = Files.readAllBytes(f);
      b[b.length / 2] ^= 0x10;
      Files.write(f, b);
    }
    assertThatThrownBy(this::tidelakeRows).isInstanceOf(CorruptDeletionVectorException.class)
        .hasMessageContaining("CRC-32").hasMessageContaining("part-00000-90177277");
    deleteDvFiles();
    assertThatThrownBy(this::tidelakeRows).isInstanceOf(CorruptDeletionVectorException.class)
        .hasMessageContaining("does not exist");
  }

  /** The bitmap bytes of a relative vector: after the 4-byte size at {@code offset} of its file. */
  private byte[] bitmapBytes(String pathOrInlineDv, int offset, int size) {
    try {
      byte[] file = Files.readAllBytes(table.resolve(DeletionVectors.relativeFilePath(pathOrInlineDv)));
      assertThat(file[0]).as("DV file format version").isEqualTo((byte) 1);
      assertThat(ByteBuffer.wrap(file, offset, 4).getInt()).isEqualTo(size);
      return Arrays.copyOfRange(file, offset + 4, offset + 4 + size);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void rewriteDescriptors(java.util.function.Function<Matcher, String> replacement) throws IOException {
    int rewritten = 0;
    try (Stream<Path> logs = Files.list(table.resolve("_delta_log"))) {
      for (Path f : logs.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
        Matcher m = RELATIVE_DV.matcher(Files.readString(f));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
          m.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(m)));
          rewritten++;
        }
        m.appendTail(out);
        Files.writeString(f, out);
      }
    }
    assertThat(rewritten).as("descriptors rewritten (3 adds, 2 removes)").isEqualTo(5);
  }

  private List<Path> dvFiles() throws IOException {
    try (Stream<Path> s = Files.list(table)) {
      return s.filter(p -> p.getFileName().toString().startsWith(DeletionVectors.FILE_PREFIX)).toList();
    }
  }

  private void deleteDvFiles() throws IOException {
    for (Path f : dvFiles()) {
      Files.delete(f);
    }
  }
}
