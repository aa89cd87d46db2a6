package io.tidelake.format.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.TidelakeException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PartitionPathsTest {

  @Test
  void hiveEscapingOfSpecialCharacters() {
    assertThat(PartitionPaths.escapePathName("a/b=c%d e:f")).isEqualTo("a%2Fb%3Dc%25d e%3Af");
    assertThat(PartitionPaths.unescapePathName("a%2Fb%3Dc%25d e%3Af")).isEqualTo("a/b=c%d e:f");
    assertThat(PartitionPaths.escapePathName("+ =%0")).isEqualTo("+ %3D%250");
    assertThat(PartitionPaths.escapePathName("\u0001\"#'*?\\\u007F{[]^")).isEqualTo("%01%22%23%27%2A%3F%5C%7F%7B%5B%5D%5E");
    assertThat(PartitionPaths.escapePathName("plain-value_1.5")).isEqualTo("plain-value_1.5");
    assertThat(PartitionPaths.escapePathName("été")).isEqualTo("été");
    assertThat(PartitionPaths.unescapePathName("100%")).isEqualTo("100%"); // not an escape: kept
    assertThat(PartitionPaths.unescapePathName("%zz%4")).isEqualTo("%zz%4");
  }

  @Test
  void partitionDirectories() {
    assertThat(PartitionPaths.partitionDirectory(List.of("c", "d"), Arrays.asList("a/b=c%d e:f", null)))
        .isEqualTo("c=a%2Fb%3Dc%25d e%3Af/d=__HIVE_DEFAULT_PARTITION__");
    assertThat(PartitionPaths.partitionDirectory(List.of("ts"), List.of("2024-01-01 10:00:00")))
        .isEqualTo("ts=2024-01-01 10%3A00%3A00");
    assertThat(PartitionPaths.partitionDirectory(List.of("a=b"), List.of(""))).isEqualTo("a%3Db=__HIVE_DEFAULT_PARTITION__");
    assertThat(PartitionPaths.partitionDirectory(List.of(), List.of())).isEmpty();
  }

  @Test
  void logPathsAreUriEncodedOnceAndDecodedOnce() {
    // Spark's directory for value "+ =%0" and its add.path
    String dir = "c2=" + PartitionPaths.escapePathName("+ =%0");
    assertThat(dir).isEqualTo("c2=+ %3D%250");
    assertThat(PartitionPaths.encodeLogPath(dir + "/part-x.parquet")).isEqualTo("c2=+%20%253D%25250/part-x.parquet");
    assertThat(PartitionPaths.decodeLogPath("c2=+%20%253D%25250/part-x.parquet")).isEqualTo("c2=+ %3D%250/part-x.parquet");
    assertThat(PartitionPaths.encodeLogPath("ts=2024-01-01 10%3A00%3A00/f.parquet"))
        .isEqualTo("ts=2024-01-01%2010%253A00%253A00/f.parquet");
    // non-ASCII stays as is on encode (as Spark writes it) and both forms decode
    assertThat(PartitionPaths.encodeLogPath("p=été/f.parquet")).isEqualTo("p=été/f.parquet");
    assertThat(PartitionPaths.decodeLogPath("p=%C3%A9t%C3%A9/f.parquet")).isEqualTo("p=été/f.parquet");
    assertThat(PartitionPaths.encodeLogPath("a\tb#c?d[e]")).isEqualTo("a%09b%23c%3Fd%5Be%5D");
    assertThat(PartitionPaths.decodeLogPath(PartitionPaths.encodeLogPath("x y/%41+#"))).isEqualTo("x y/%41+#");
    // absolute URIs decode too
    assertThat(PartitionPaths.decodeLogPath("s3://bucket/t/a%20b/f.parquet")).isEqualTo("s3://bucket/t/a b/f.parquet");
    assertThatThrownBy(() -> PartitionPaths.decodeLogPath("bad%2")).isInstanceOf(TidelakeException.class)
        .hasMessageContaining("bad%2");
    assertThatThrownBy(() -> PartitionPaths.decodeLogPath("bad%g1")).isInstanceOf(TidelakeException.class);
  }

  @Test
  void dataFileNamesFollowSpark() {
    UUID u = UUID.fromString("4f2f0b9f-50b3-4e7b-96a1-e2bb0f246b06");
    assertThat(PartitionPaths.dataFileName(0, u, "snappy"))
        .isEqualTo("part-00000-4f2f0b9f-50b3-4e7b-96a1-e2bb0f246b06.c000.snappy.parquet");
    assertThat(PartitionPaths.dataFileName(12, u, "")).isEqualTo("part-00012-4f2f0b9f-50b3-4e7b-96a1-e2bb0f246b06.c000.parquet");
  }
}
