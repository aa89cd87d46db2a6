package io.tidelake.tests.reliability;

import io.tidelake.tests.s3.Backend;
import io.tidelake.tests.s3.Backends;
import java.nio.file.Path;

/** Path safety on S3: other buckets, other prefixes of the same bucket, '..' inside keys. */
class PathSafetyS3Test extends PathSafetySuite {
  @Override
  protected Backend newBackend(Path tempDir) {
    return Backends.s3Proxy();
  }

  @Override
  protected String elsewhere(String name) {
    String bucket = location.substring(5, location.indexOf('/', 5));
    return "s3://" + bucket + "/elsewhere/" + name;
  }

  @Override
  protected String foreign() {
    return "s3://another-bucket/secrets/part-0.parquet";
  }
}
