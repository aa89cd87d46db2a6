package io.tidelake.tests.s3;

import java.nio.file.Path;

/** The table suite through the Hadoop store on Hadoop's local FileSystem (the hdfs/abfs/gs code path). */
class HadoopLocalTableTest extends TableSuite {
  @Override
  protected Backend newBackend(Path tempDir) {
    return Backends.hadoopLocal(tempDir);
  }
}
