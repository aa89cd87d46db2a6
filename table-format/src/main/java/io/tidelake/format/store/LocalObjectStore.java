package io.tidelake.format.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The local-disk store. Put-if-absent writes the whole content to a hidden temp file beside the target
 * and then hard-links it to the target name: {@code link(2)} fails if the name exists, so a commit is
 * visible whole or not at all and never overwrites another. Where the filesystem cannot hard-link, it
 * falls back to an exclusive create (still never overwrites, but a crash could leave a partial file).
 */
public final class LocalObjectStore implements ObjectStore {

  @Override
  public String scheme() {
    return "file";
  }

  private static Path p(String path) {
    return Path.of(path);
  }

  @Override
  public byte[] readAll(String path) {
    try {
      return Files.readAllBytes(p(path));
    } catch (NoSuchFileException e) {
      throw new ObjectNotFoundException(path);
    } catch (IOException e) {
      throw new StorageException("Cannot read " + path + ": " + e, e);
    }
  }

  @Override
  public InputStream open(String path) {
    try {
      return Files.newInputStream(p(path));
    } catch (NoSuchFileException e) {
      throw new ObjectNotFoundException(path);
    } catch (IOException e) {
      throw new StorageException("Cannot open " + path + ": " + e, e);
    }
  }

  @Override
  public SeekableObject openSeekable(String path) {
    try {
      FileChannel ch = FileChannel.open(p(path), StandardOpenOption.READ);
      return new LocalSeekable(path, ch);
    } catch (NoSuchFileException e) {
      throw new ObjectNotFoundException(path);
    } catch (IOException e) {
      throw new StorageException("Cannot open " + path + ": " + e, e);
    }
  }

  @Override
  public OutputStream create(String path) {
    try {
      Path target = p(path);
      for (int attempt = 1; ; attempt++) {
        Files.createDirectories(target.getParent());
        try {
          return Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
          // a failed writer's cleanup removed the (empty) directory between the two calls: make it again
          if (attempt == 3) {
            throw e;
          }
        }
      }
    } catch (FileAlreadyExistsException e) {
      throw new StorageException("Refusing to overwrite existing file " + path
          + ": data files are never overwritten (names must be unique).", e);
    } catch (IOException e) {
      throw new StorageException("Cannot create " + path + ": " + e, e);
    }
  }

  @Override
  public boolean putIfAbsent(String path, byte[] content) {
    Path target = p(path);
    Path temp = null;
    try {
      Files.createDirectories(target.getParent());
      if (Files.exists(target)) {
        return false; // cheap early answer; the link below is what decides
      }
      temp = writeTemp(target, content);
      try {
        Files.createLink(target, temp);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
        // no hard links here (vfat, CIFS, some FUSE mounts report EPERM/ENOTSUP): exclusive create
        // still never overwrites; only a crash mid-write could leave a partial file
        if (Files.exists(target)) {
          return false;
        }
        return exclusiveCreate(target, content);
      }
    } catch (IOException e) {
      throw new StorageException("Cannot write " + path + ": " + e, e);
    } finally {
      deleteQuietly(temp);
    }
  }

  private static boolean exclusiveCreate(Path target, byte[] content) throws IOException {
    try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      out.write(content);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    }
  }

  @Override
  public void put(String path, byte[] content) {
    Path target = p(path);
    Path temp = null;
    try {
      Files.createDirectories(target.getParent());
      temp = writeTemp(target, content);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      temp = null;
    } catch (IOException e) {
      throw new StorageException("Cannot write " + path + ": " + e, e);
    } finally {
      deleteQuietly(temp);
    }
  }

  /** A fully written, synced temp file beside the target (hidden: readers skip names starting with '.'). */
  private static Path writeTemp(Path target, byte[] content) throws IOException {
    Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(content);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(false);
    }
    return temp;
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // a leftover hidden temp file is harmless; vacuum removes it
      }
    }
  }

  @Override
  public List<FileInfo> list(String dir, String startAfterName) {
    List<FileInfo> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(p(dir))) {
      for (Path child : ds) {
        String name = child.getFileName().toString();
        if (startAfterName != null && name.compareTo(startAfterName) <= 0) {
          continue;
        }
        BasicFileAttributes a;
        try {
          a = Files.readAttributes(child, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
          continue; // deleted while listing
        }
        if (a.isRegularFile()) {
          out.add(new FileInfo(child.toString(), a.size(), a.lastModifiedTime().toMillis()));
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new StorageException("Cannot list " + dir + ": " + e, e);
    }
    out.sort(Comparator.comparing(FileInfo::name));
    return out;
  }

  @Override
  public List<FileInfo> listRecursive(String dir) {
    Path root = p(dir);
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<FileInfo> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      s.forEach(f -> {
        try {
          BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
          if (a.isRegularFile()) {
            out.add(new FileInfo(f.toString(), a.size(), a.lastModifiedTime().toMillis()));
          }
        } catch (NoSuchFileException ignored) {
          // deleted while walking
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      throw new StorageException("Cannot list " + dir + ": " + e, e);
    }
    out.sort(Comparator.comparing(FileInfo::path));
    return out;
  }

  @Override
  public Optional<FileInfo> stat(String path) {
    try {
      BasicFileAttributes a = Files.readAttributes(p(path), BasicFileAttributes.class);
      return Optional.of(new FileInfo(path, a.size(), a.lastModifiedTime().toMillis()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StorageException("Cannot stat " + path + ": " + e, e);
    }
  }

  @Override
  public boolean delete(String path) {
    try {
      return Files.deleteIfExists(p(path));
    } catch (IOException e) {
      throw new StorageException("Cannot delete " + path + ": " + e, e);
    }
  }

  @Override
  public void deleteEmptyParents(String path, String root) {
    Path stop = p(root).toAbsolutePath().normalize();
    Path dir = p(path).toAbsolutePath().normalize().getParent();
    while (dir != null && dir.startsWith(stop) && !dir.equals(stop)) {
      try {
        Files.delete(dir);
      } catch (NoSuchFileException e) {
        // already removed (by another aborting writer): go on with its parent
      } catch (IOException e) {
        return; // not empty (DirectoryNotEmptyException), or not ours to remove: leave it and its parents
      }
      dir = dir.getParent();
    }
  }

  private static final class LocalSeekable implements SeekableObject {
    private final String path;
    private final FileChannel ch;
    private final long length;

    LocalSeekable(String path, FileChannel ch) throws IOException {
      this.path = path;
      this.ch = ch;
      this.length = ch.size();
    }

    @Override
    public long length() {
      return length;
    }

    @Override
    public void readFully(long position, byte[] buffer, int offset, int len) {
      ByteBuffer buf = ByteBuffer.wrap(buffer, offset, len);
      long pos = position;
      try {
        while (buf.hasRemaining()) {
          int n = ch.read(buf, pos);
          if (n < 0) {
            throw new StorageException("Unexpected end of " + path + " at byte " + pos + " (length " + length
                + "): the file is truncated.");
          }
          pos += n;
        }
      } catch (IOException e) {
        throw new StorageException("Cannot read " + path + ": " + e, e);
      }
    }

    @Override
    public void close() {
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing to do: read-only channel
      }
    }
  }
}
