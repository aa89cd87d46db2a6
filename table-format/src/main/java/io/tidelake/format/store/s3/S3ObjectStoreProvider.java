package io.tidelake.format.store.s3;

import io.tidelake.format.TidelakeException;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.store.ObjectStoreProvider;
import java.util.Map;

/**
 * Registers the S3 store for {@code s3://} locations. This class names no SDK type, so the service
 * loader can instantiate it on a classpath without the AWS SDK (which is an optional dependency); only
 * {@link #create} needs the SDK, and says which artifact to add when it is missing.
 */
public final class S3ObjectStoreProvider implements ObjectStoreProvider {
  static final String SDK_CLASS = "software.amazon.awssdk.services.s3.S3Client";

  @Override
  public boolean supports(String scheme) {
    return scheme.equals("s3");
  }

  @Override
  public ObjectStore create(String location, Map<String, String> options) {
    try {
      Class.forName(SDK_CLASS, false, S3ObjectStoreProvider.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new TidelakeException("Cannot open " + location + ": the S3 store needs the AWS SDK v2 S3 client on the "
          + "classpath. Add software.amazon.awssdk:s3 and software.amazon.awssdk:apache-client (2.35.x) to your "
          + "dependencies.");
    }
    S3Location.parse(location); // a bad location fails before any client is built
    return S3ObjectStore.fromOptions(options);
  }

  @Override
  public int priority() {
    return 10; // before the Hadoop store, which could serve s3:// only through extra configuration
  }
}
