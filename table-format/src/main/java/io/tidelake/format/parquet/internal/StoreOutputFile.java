package io.tidelake.format.parquet.internal;

import io.tidelake.format.store.ObjectStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet {@link OutputFile} over {@link ObjectStore#create}: no Hadoop {@code Path} or FileSystem. The
 * position is counted here because object-store streams cannot report one, and Parquet needs it for the
 * footer's offsets. After close, {@link #bytesWritten()} is the exact file size (no extra stat call).
 */
public final class StoreOutputFile implements OutputFile {
  // Parquet issues many small writes (page headers, footer fields); local and S3 streams may not buffer.
  private static final int BUFFER = 64 * 1024;

  private final ObjectStore store;
  private final String path;
  private CountingStream stream;

  public StoreOutputFile(ObjectStore store, String path) {
    this.store = store;
    this.path = path;
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) {
    if (stream != null) {
      throw new IllegalStateException("Output file " + path + " was already created");
    }
    stream = new CountingStream(new BufferedOutputStream(store.create(path), BUFFER));
    return stream;
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) {
    // Data files are never overwritten (unique names); treat it like create.
    return create(blockSizeHint);
  }

  @Override
  public boolean supportsBlockSize() {
    return false;
  }

  @Override
  public long defaultBlockSize() {
    return 0;
  }

  @Override
  public String getPath() {
    return path;
  }

  /**
   * Closes the underlying stream without letting Parquet flush its buffered row group or write a footer:
   * for a file about to be deleted, that work (compressing up to a row group) would be wasted.
   */
  public void abort() {
    if (stream != null) {
      try {
        stream.close();
      } catch (IOException ignored) {
        // the file is deleted next; nothing else to do
      }
    }
  }

  /** Bytes handed to the stream so far (the file size once the writer is closed). */
  public long bytesWritten() {
    return stream == null ? 0 : stream.pos;
  }

  private static final class CountingStream extends PositionOutputStream {
    private final OutputStream out;
    private long pos;

    CountingStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public long getPos() {
      return pos;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      pos++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      pos += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
