package io.tidelake.stream;

/** There is no streaming checkpoint (no {@code metadata} file) at the location given. */
public class CheckpointNotFoundException extends StreamingException {
  public CheckpointNotFoundException(String message) {
    super(message);
  }
}
