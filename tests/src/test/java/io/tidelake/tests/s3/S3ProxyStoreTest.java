package io.tidelake.tests.s3;

/** The S3 store contract on the in-process S3Proxy. */
class S3ProxyStoreTest extends S3StoreContract {
  @Override
  protected Backend newBackend() {
    return Backends.s3Proxy();
  }
}
