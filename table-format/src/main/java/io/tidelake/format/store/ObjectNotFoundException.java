package io.tidelake.format.store;

/** The named object does not exist. */
public class ObjectNotFoundException extends StorageException {
  private final String path;

  public ObjectNotFoundException(String path) {
    super("No such file or object: " + path);
    this.path = path;
  }

  public ObjectNotFoundException(String path, String message) {
    super(message);
    this.path = path;
  }

  public String path() {
    return path;
  }
}
