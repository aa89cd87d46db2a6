package io.tidelake.format.store.hadoop;

import io.tidelake.format.TidelakeException;
import io.tidelake.format.store.ObjectStores;
import io.tidelake.format.store.StorageException;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Builds a {@link HadoopObjectStore} from a location and store options (kept apart from the provider so
 * that loading the provider never loads a Hadoop class). */
final class HadoopStores {
  private HadoopStores() {}

  static HadoopObjectStore open(String location, Map<String, String> options) {
    Configuration conf = new Configuration();
    String scheme = ObjectStores.schemeOf(location);
    if (scheme.equals("file")) {
      // no .crc side files in a table directory
      conf.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
      conf.set("fs.AbstractFileSystem.file.impl", "org.apache.hadoop.fs.local.RawLocalFs");
    }
    HadoopCommitMode mode = HadoopCommitMode.forScheme(scheme);
    for (Map.Entry<String, String> e : options.entrySet()) {
      String k = e.getKey();
      if (k.equals(HadoopCommitMode.OPTION)) {
        mode = HadoopCommitMode.parse(e.getValue());
      } else if (k.startsWith("fs.") || k.startsWith("dfs.") || k.startsWith("hadoop.") || k.startsWith("ipc.")) {
        conf.set(k, e.getValue());
      } else if (k.startsWith("s3.")) {
        throw new TidelakeException("Store option '" + k + "' is for s3:// locations; for " + scheme
            + ":// use the Hadoop connector's own keys (e.g. fs.s3a.endpoint, fs.s3a.access.key).");
      }
    }
    // only the scheme and authority choose the FileSystem; a plain path is the local one
    URI uri = scheme.equals("file") && !location.startsWith("file:") ? URI.create("file:///") : new Path(location).toUri();
    try {
      // an instance of our own: closing the store must not close a FileSystem cached for someone else
      return new HadoopObjectStore(FileSystem.newInstance(uri, conf), conf, mode);
    } catch (IOException e) {
      throw new StorageException("Cannot open the Hadoop FileSystem for " + location + ": " + e
          + ". Check the connector is on the classpath and its fs.* options are right.", e);
    }
  }
}
