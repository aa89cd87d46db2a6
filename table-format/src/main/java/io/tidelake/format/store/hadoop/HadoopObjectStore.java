package io.tidelake.format.store.hadoop;

import io.tidelake.format.TidelakeException;
import io.tidelake.format.store.CommitOutcomeUnknownException;
import io.tidelake.format.store.FileInfo;
import io.tidelake.format.store.ObjectNotFoundException;
import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.store.SeekableObject;
import io.tidelake.format.store.StorageException;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSDataOutputStreamBuilder;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.util.functional.FutureIO;

/**
 * A store over any Hadoop {@link FileSystem}: hdfs, abfs(s), gs, s3a, viewfs... Locations are passed
 * to Hadoop as they are and come back out in the caller's own form (a listing of {@code dir} yields
 * {@code dir + "/" + name}), so table paths compare equal whatever Hadoop's qualified form is.
 *
 * <p>{@link #putIfAbsent} uses the scheme's atomic primitive ({@link HadoopCommitMode}). When the
 * filesystem refuses the name, the object is read back: a refusal caused by this writer's own earlier
 * attempt (a connector retrying internally) is recognised by its identical bytes, so it is never taken
 * for a lost race.
 */
public final class HadoopObjectStore implements ObjectStore {
  /** The S3A option that turns a create into {@code If-None-Match: *} (hadoop-aws 3.4.2+). */
  static final String CONDITIONAL_OVERWRITE = "fs.option.create.conditional.overwrite";

  private final FileSystem fs;
  private final Configuration conf;
  private final HadoopCommitMode mode;
  private final String scheme;

  public HadoopObjectStore(FileSystem fs, Configuration conf, HadoopCommitMode mode) {
    this.fs = fs;
    this.conf = conf;
    this.mode = mode;
    this.scheme = fs.getUri().getScheme(); // getScheme() is not implemented by every FileSystem
  }

  public HadoopCommitMode mode() {
    return mode;
  }

  @Override
  public String scheme() {
    return scheme;
  }

  /** A Hadoop path for a location, refusing '.' and '..' segments (Hadoop would resolve them away). */
  static Path path(String location) {
    int start = location.indexOf("://");
    String afterScheme = start < 0 ? location : location.substring(start + 3);
    for (String seg : afterScheme.split("/", -1)) {
      if (seg.equals("..") || seg.equals(".")) {
        throw new TidelakeException("Refusing location '" + location + "': it contains a '" + seg
            + "' segment, which Hadoop resolves to another path. Use a normalised path.");
      }
    }
    return new Path(location);
  }

  @Override
  public byte[] readAll(String location) {
    try (FSDataInputStream in = fs.open(path(location))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw fail("read", location, e);
    }
  }

  @Override
  public InputStream open(String location) {
    try {
      return fs.open(path(location));
    } catch (IOException e) {
      throw fail("open", location, e);
    }
  }

  @Override
  public SeekableObject openSeekable(String location) {
    Path p = path(location);
    try {
      FileStatus st = fs.getFileStatus(p);
      // "random": object-store connectors then fetch what is asked for instead of streaming the rest
      FSDataInputStream in = FutureIO.awaitFuture(fs.openFile(p).withFileStatus(st)
          .opt("fs.option.openfile.read.policy", "random, adaptive").build());
      return new HadoopSeekable(location, in, st.getLen());
    } catch (IOException e) {
      throw fail("open", location, e);
    }
  }

  @Override
  public OutputStream create(String location) {
    try {
      return fs.createFile(path(location)).overwrite(false).recursive().build();
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      throw new StorageException("Refusing to overwrite existing file " + location
          + ": data files are never overwritten (names must be unique).", e);
    } catch (IOException e) {
      throw fail("create", location, e);
    }
  }

  @Override
  public boolean putIfAbsent(String location, byte[] content) {
    Path target = path(location);
    try {
      boolean created = switch (mode) {
        case CONDITIONAL_CREATE -> writeConditional(target, content);
        case CREATE -> writeNoOverwrite(target, content);
        case RENAME -> renameNoOverwrite(target, content);
      };
      return created || isOurs(location, content);
    } catch (IOException e) {
      // the write may or may not have landed: the object, if any, tells
      Optional<byte[]> existing = readBack(location, e);
      if (existing.isPresent()) {
        return Arrays.equals(existing.get(), content); // ours (landed despite the error) or the winner's
      }
      // absent now, but a request still in flight (an upload, a retried rename RPC) could land later
      throw new CommitOutcomeUnknownException("Writing " + location + " failed after it may have been sent: " + e, e);
    }
  }

  private boolean writeConditional(Path target, byte[] content) throws IOException {
    FSDataOutputStreamBuilder<?, ?> b = fs.createFile(target).overwrite(true).recursive();
    b.must(CONDITIONAL_OVERWRITE, true);
    FSDataOutputStream out;
    try {
      out = b.build();
    } catch (IllegalArgumentException | UnsupportedOperationException | IOException e) {
      // build() sends nothing: e.g. "Conditional Writes Unavailable" when fs.s3a.create.conditional.enabled=false
      throw new StorageException("The " + scheme + " connector on the classpath cannot create files conditionally ("
          + CONDITIONAL_OVERWRITE + " is unknown to it), so commits to " + target + " would not be atomic. Use "
          + "hadoop-aws 3.4.2 or later, or the s3:// location with Tidelake's own S3 store.", e);
    }
    try (out) {
      out.write(content);
    } catch (IOException e) {
      if (isPreconditionFailure(e)) {
        return false;
      }
      throw e;
    }
    return true;
  }

  /** S3A's loser: RemoteFileChangedException (412) or a FileAlreadyExistsException. */
  static boolean isPreconditionFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String name = t.getClass().getSimpleName();
      if (name.equals("RemoteFileChangedException") || t instanceof org.apache.hadoop.fs.FileAlreadyExistsException
          || t instanceof java.nio.file.FileAlreadyExistsException) {
        return true;
      }
      // the SDK's own exception, when S3A passes it through as a cause: judged by status and error
      // code, never by message text (messages carry paths, and a path may well contain "412")
      // (by reflection: HDFS or ABFS users have no AWS SDK on the classpath)
      int status = sdkStatusCode(t);
      if (status == 412 || (status == 409 && String.valueOf(t.getMessage()).contains("ConditionalRequestConflict"))) {
        return true;
      }
    }
    return false;
  }

  /** The HTTP status of an AWS SDK service exception, or -1 for anything else. */
  private static int sdkStatusCode(Throwable t) {
    for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
      if (c.getName().equals("software.amazon.awssdk.core.exception.SdkServiceException")) {
        try {
          return (Integer) c.getMethod("statusCode").invoke(t);
        } catch (ReflectiveOperationException | ClassCastException e) {
          return -1;
        }
      }
    }
    return -1;
  }

  private boolean writeNoOverwrite(Path target, byte[] content) throws IOException {
    try (FSDataOutputStream out = fs.createFile(target).overwrite(false).recursive().build()) {
      out.write(content);
    } catch (IOException e) {
      if (isPreconditionFailure(e)) {
        return false;
      }
      throw e;
    }
    return true;
  }

  private boolean renameNoOverwrite(Path target, byte[] content) throws IOException {
    if (fs.exists(target)) {
      return false; // cheap early answer; the rename below is what decides
    }
    Path temp = writeTemp(target, content);
    try {
      FileContext.getFileContext(fs.getUri(), conf).rename(temp, target, Options.Rename.NONE);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } finally {
      deleteQuietly(temp);
    }
  }

  /** A fully written hidden file beside the target (readers skip names starting with '.'). */
  private Path writeTemp(Path target, byte[] content) throws IOException {
    Path temp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    try (FSDataOutputStream out = fs.createFile(temp).overwrite(false).recursive().build()) {
      out.write(content);
      out.hsync(); // durable before it gets its real name
    }
    return temp;
  }

  private void deleteQuietly(Path p) {
    try {
      fs.delete(p, false);
    } catch (IOException ignored) {
      // a leftover hidden temp file is harmless; vacuum removes it
    }
  }

  private boolean isOurs(String location, byte[] content) {
    Optional<byte[]> existing = readBack(location, null);
    return existing.isPresent() && Arrays.equals(existing.get(), content);
  }

  private Optional<byte[]> readBack(String location, IOException writeError) {
    try {
      return Optional.of(readAll(location));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      String why = writeError == null ? "" : " after a failed write (" + writeError + ")";
      throw new CommitOutcomeUnknownException("Cannot read back " + location + why + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void put(String location, byte[] content) {
    Path target = path(location);
    try {
      if (mode.objectStore()) {
        try (FSDataOutputStream out = fs.createFile(target).overwrite(true).recursive().build()) {
          out.write(content); // an object store shows the new object whole, at close
        }
      } else {
        Path temp = writeTemp(target, content);
        try {
          FileContext.getFileContext(fs.getUri(), conf).rename(temp, target, Options.Rename.OVERWRITE);
        } finally {
          deleteQuietly(temp);
        }
      }
    } catch (IOException e) {
      throw fail("write", location, e);
    }
  }

  @Override
  public List<FileInfo> list(String dir, String startAfterName) {
    List<FileInfo> out = new ArrayList<>();
    String base = trimSlash(dir);
    try {
      RemoteIterator<FileStatus> it = fs.listStatusIterator(path(base));
      while (it.hasNext()) {
        FileStatus st = it.next();
        String name = st.getPath().getName();
        if (st.isFile() && (startAfterName == null || name.compareTo(startAfterName) > 0)) {
          out.add(new FileInfo(base + "/" + name, st.getLen(), st.getModificationTime()));
        }
      }
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw fail("list", dir, e);
    }
    out.sort(Comparator.comparing(FileInfo::name));
    return out;
  }

  @Override
  public List<FileInfo> listRecursive(String dir) {
    List<FileInfo> out = new ArrayList<>();
    String base = trimSlash(dir);
    try {
      Path root = fs.makeQualified(path(base));
      String rootPath = trimSlash(root.toUri().getPath());
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      while (it.hasNext()) {
        LocatedFileStatus st = it.next();
        String p = st.getPath().toUri().getPath();
        if (p.startsWith(rootPath + "/")) {
          out.add(new FileInfo(base + p.substring(rootPath.length()), st.getLen(), st.getModificationTime()));
        }
      }
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw fail("list", dir, e);
    }
    out.sort(Comparator.comparing(FileInfo::path));
    return out;
  }

  private static String trimSlash(String s) {
    return s.endsWith("/") && s.length() > 1 ? s.substring(0, s.length() - 1) : s;
  }

  @Override
  public Optional<FileInfo> stat(String location) {
    try {
      FileStatus st = fs.getFileStatus(path(location));
      return st.isFile() ? Optional.of(new FileInfo(location, st.getLen(), st.getModificationTime())) : Optional.empty();
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw fail("stat", location, e);
    }
  }

  @Override
  public boolean delete(String location) {
    try {
      return fs.delete(path(location), false);
    } catch (IOException e) {
      throw fail("delete", location, e);
    }
  }

  private StorageException fail(String op, String location, IOException e) {
    if (e instanceof FileNotFoundException) {
      return new ObjectNotFoundException(location);
    }
    return new StorageException("Cannot " + op + " " + location + " (" + scheme + " via Hadoop): " + e, e);
  }

  @Override
  public void close() {
    try {
      fs.close();
    } catch (IOException ignored) {
      // closing releases connections; nothing was pending
    }
  }

  @Override
  public String toString() {
    return "HadoopObjectStore{" + fs.getUri() + ", " + mode + "}";
  }

  /** Positional reads through Hadoop's {@code PositionedReadable}. */
  private static final class HadoopSeekable implements SeekableObject {
    private final String location;
    private final FSDataInputStream in;
    private final long length;

    HadoopSeekable(String location, FSDataInputStream in, long length) {
      this.location = location;
      this.in = in;
      this.length = length;
    }

    @Override
    public long length() {
      return length;
    }

    @Override
    public void readFully(long position, byte[] buffer, int offset, int len) {
      try {
        in.readFully(position, buffer, offset, len);
      } catch (EOFException e) {
        throw new StorageException("Unexpected end of " + location + " reading " + len + " bytes at " + position
            + " (length " + length + "): the file is truncated.", e);
      } catch (IOException e) {
        throw new StorageException("Cannot read " + location + ": " + e, e);
      }
    }

    @Override
    public void close() {
      try {
        in.close();
      } catch (IOException ignored) {
        // read-only stream
      }
    }
  }
}
