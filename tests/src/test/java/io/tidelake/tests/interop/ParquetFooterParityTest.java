package io.tidelake.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.parquet.internal.ParquetFile;
import io.tidelake.format.parquet.internal.ParquetFiles;
import io.tidelake.format.parquet.internal.ParquetFooter;
import io.tidelake.format.store.LocalObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.junit.jupiter.api.Test;

/**
 * Tidelake reads Parquet footers itself (not through parquet-mr's {@code ParquetMetadata}). For every
 * Parquet file of the Spark-written golden tables (data files and checkpoints, classic, multi-part and V2,
 * INT96 timestamps, column mapping ids, deletion-vector tables), its schema, row groups and writer must
 * be exactly what parquet-mr reads from the same bytes.
 */
class ParquetFooterParityTest {
  @Test
  void everyGoldenParquetFileHasTheFooterParquetMrReads() throws Exception {
    LocalObjectStore store = new LocalObjectStore();
    List<Path> files;
    try (Stream<Path> s = Files.walk(GoldenTables.root())) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(100);
    for (Path p : files) {
      ParquetMetadata mr = ParquetFiles.readFooter(store, p.toString());
      ParquetFooter ours = ParquetFile.readFooter(store, p.toString());
      assertThat(ours.schema()).as("%s", p).isEqualTo(mr.getFileMetaData().getSchema());
      assertThat(ours.createdBy()).as("%s", p).isEqualTo(mr.getFileMetaData().getCreatedBy());
      assertThat(ours.rowGroups()).as("%s", p).hasSameSizeAs(mr.getBlocks());
      assertThat(ours.rowCount()).as("%s", p)
          .isEqualTo(mr.getBlocks().stream().mapToLong(BlockMetaData::getRowCount).sum());
    }
  }
}
