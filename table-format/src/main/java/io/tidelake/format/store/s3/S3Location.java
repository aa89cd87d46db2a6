package io.tidelake.format.store.s3;

import io.tidelake.format.TidelakeException;

/**
 * An {@code s3://bucket/key} location split into bucket and key. Keys are taken literally (S3 has no
 * directories), except that {@code .} and {@code ..} segments are refused: S3 would store them as
 * literal names but some clients and servers normalise them, so such a key could address an object
 * outside the table. Tidelake never writes such keys itself.
 */
record S3Location(String bucket, String key) {

  static S3Location parse(String location) {
    if (!location.regionMatches(true, 0, "s3://", 0, 5)) {
      throw new TidelakeException("Not an S3 location: '" + location + "'. Expected s3://bucket/path.");
    }
    String rest = location.substring(5);
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String key = slash < 0 ? "" : rest.substring(slash + 1);
    if (bucket.isEmpty()) {
      throw new TidelakeException("S3 location '" + location + "' has no bucket. Expected s3://bucket/path.");
    }
    for (String seg : key.split("/", -1)) {
      if (seg.equals("..") || seg.equals(".")) {
        throw new TidelakeException("Refusing S3 location '" + location + "': its key contains a '" + seg
            + "' segment, which some S3 clients resolve to another key. Use a plain key.");
      }
    }
    return new S3Location(bucket, key);
  }

  /** The key as a listing prefix: the key plus '/', or "" for the bucket root. */
  String dirPrefix() {
    if (key.isEmpty()) {
      return "";
    }
    return key.endsWith("/") ? key : key + "/";
  }

  /** The location of another key in the same bucket. */
  String uriOf(String otherKey) {
    return "s3://" + bucket + "/" + otherKey;
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + key;
  }
}
