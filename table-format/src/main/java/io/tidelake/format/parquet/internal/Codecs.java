package io.tidelake.format.parquet.internal;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Parquet page compression over snappy-java, zstd-jni and java.util.zip, without Hadoop's codec classes
 * (Parquet's default factory loads Hadoop's zlib/native codec machinery, which we do not ship). Stateless,
 * so one instance serves every reader and writer. Every call returns fresh arrays: Parquet's page writer
 * may hold a compressed page until the row group is flushed.
 */
public final class Codecs implements CompressionCodecFactory {
  public static final Codecs INSTANCE = new Codecs();

  // zstd level 3 is zstd's own default and what Spark/parquet-mr use.
  private static final int ZSTD_LEVEL = 3;

  private Codecs() {}

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    return new Compressor(checkSupported(codec));
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    return new Decompressor(checkSupported(codec));
  }

  @Override
  public void release() {}

  static CompressionCodecName checkSupported(CompressionCodecName codec) {
    switch (codec) {
      case UNCOMPRESSED:
      case SNAPPY:
      case ZSTD:
      case GZIP:
        return codec;
      default:
        throw new UnsupportedOperationException("Parquet compression codec " + codec
            + " is not supported; Tidelake reads and writes SNAPPY, ZSTD, GZIP and UNCOMPRESSED.");
    }
  }

  static byte[] compress(CompressionCodecName codec, byte[] in) throws IOException {
    switch (codec) {
      case SNAPPY:
        return Snappy.compress(in);
      case ZSTD:
        return Zstd.compress(in, ZSTD_LEVEL);
      case GZIP: {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(Math.max(64, in.length / 2));
        try (GZIPOutputStream gz = new GZIPOutputStream(bos, 64 * 1024)) {
          gz.write(in);
        }
        return bos.toByteArray();
      }
      default:
        return in;
    }
  }

  static byte[] decompress(CompressionCodecName codec, byte[] in, int inLen, int uncompressedSize) throws IOException {
    return decompress(codec, in, 0, inLen, uncompressedSize);
  }

  /** Decompresses {@code in[inOff, inOff + inLen)}. */
  static byte[] decompress(CompressionCodecName codec, byte[] in, int inOff, int inLen, int uncompressedSize)
      throws IOException {
    switch (codec) {
      case SNAPPY: {
        byte[] out = new byte[uncompressedSize];
        int n = Snappy.rawUncompress(in, inOff, inLen, out, 0);
        checkSize(codec, n, uncompressedSize);
        return out;
      }
      case ZSTD: {
        byte[] out = new byte[uncompressedSize];
        long n = Zstd.decompressByteArray(out, 0, uncompressedSize, in, inOff, inLen);
        if (Zstd.isError(n)) {
          throw new IOException("ZSTD decompression failed: " + Zstd.getErrorName(n));
        }
        checkSize(codec, (int) n, uncompressedSize);
        return out;
      }
      case GZIP: {
        try (InputStream gz = new GZIPInputStream(new java.io.ByteArrayInputStream(in, inOff, inLen), 64 * 1024)) {
          byte[] out = gz.readNBytes(uncompressedSize);
          checkSize(codec, out.length, uncompressedSize);
          return out;
        }
      }
      default: {
        checkSize(codec, inLen, uncompressedSize);
        return inOff == 0 && inLen == in.length ? in : java.util.Arrays.copyOfRange(in, inOff, inOff + inLen);
      }
    }
  }

  private static void checkSize(CompressionCodecName codec, int got, int expected) throws IOException {
    if (got != expected) {
      throw new IOException(codec + " page decompressed to " + got + " bytes, the page header says " + expected);
    }
  }

  private static final class Compressor implements BytesInputCompressor {
    private final CompressionCodecName codec;

    Compressor(CompressionCodecName codec) {
      this.codec = codec;
    }

    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
      if (codec == CompressionCodecName.UNCOMPRESSED) {
        return bytes;
      }
      return BytesInput.from(Codecs.compress(codec, bytes.toByteArray()));
    }

    @Override
    public CompressionCodecName getCodecName() {
      return codec;
    }

    @Override
    public void release() {}
  }

  private static final class Decompressor implements BytesInputDecompressor {
    private final CompressionCodecName codec;

    Decompressor(CompressionCodecName codec) {
      this.codec = codec;
    }

    @Override
    public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
      if (codec == CompressionCodecName.UNCOMPRESSED) {
        return bytes;
      }
      byte[] in = bytes.toByteArray();
      return BytesInput.from(Codecs.decompress(codec, in, in.length, uncompressedSize));
    }

    @Override
    public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
        throws IOException {
      byte[] in = new byte[compressedSize];
      input.duplicate().get(in);
      output.put(Codecs.decompress(codec, in, compressedSize, uncompressedSize));
    }

    @Override
    public void release() {}
  }
}
