package io.tidelake.format.store.hadoop;

import io.tidelake.format.TidelakeException;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.store.ObjectStoreProvider;
import io.tidelake.format.store.ObjectStores;
import java.util.Map;

/**
 * Registers the Hadoop store for every scheme the other stores leave (hdfs, abfs, abfss, gs, s3a,
 * viewfs, ...). This class names no Hadoop type, so the service loader can instantiate it without the
 * Hadoop runtime; {@link #create} says what to add when it is missing.
 *
 * <p>Store options whose keys start with {@code fs.}, {@code dfs.}, {@code hadoop.} or {@code ipc.} are
 * set on the Hadoop {@code Configuration} (on top of core-site.xml etc. from the classpath), e.g.
 * {@code fs.s3a.endpoint} or {@code fs.azure.account.key.ACCOUNT.dfs.core.windows.net};
 * {@value HadoopCommitMode#OPTION} overrides the commit primitive chosen for the scheme.
 */
public final class HadoopObjectStoreProvider implements ObjectStoreProvider {

  @Override
  public boolean supports(String scheme) {
    return !scheme.equals("s3") && !scheme.equals("file");
  }

  @Override
  public ObjectStore create(String location, Map<String, String> options) {
    try {
      return HadoopStores.open(location, options);
    } catch (NoClassDefFoundError | ExceptionInInitializerError e) {
      throw new TidelakeException("Cannot open " + location + ": the Hadoop store needs the Hadoop client runtime on "
          + "the classpath (org.apache.hadoop:hadoop-client-runtime, same version as hadoop-client-api) plus the "
          + "connector for '" + ObjectStores.schemeOf(location) + "' (hadoop-aws for s3a, hadoop-azure for abfs, "
          + "gcs-connector for gs). Missing: " + e.getMessage());
    }
  }

  @Override
  public int priority() {
    return 100;
  }
}
