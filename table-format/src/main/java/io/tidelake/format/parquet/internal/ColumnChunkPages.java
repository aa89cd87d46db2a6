package io.tidelake.format.parquet.internal;

import io.tidelake.format.parquet.CorruptDataFileException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DataPageHeaderV2;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The pages of one column chunk, held compressed in memory and decompressed one at a time as the column
 * reader asks for them. Page headers are parsed lazily, in file order: an optional dictionary page first,
 * then data pages (v1 or v2) until the chunk's value count is reached; index pages are skipped. A page
 * whose header carries a CRC is checked against it before it is decoded (CRC32 of the page bytes as
 * stored, see parquet-format's PageHeader.crc): without the check a flipped bit in a page decodes to
 * plausible but wrong values far more often than to an error. {@link ParquetFile#verifyChecksums} turns
 * the check off.
 */
final class ColumnChunkPages implements PageReader {
  private final byte[] data;
  private int pos;
  private final int end;
  private final CompressionCodecName codec;
  private final long totalValues;
  private long valuesRead;
  private final DictionaryPage dictionary;
  private final int chunkOffset;
  private final Selection selection;
  private int nextSelected;
  private final String filePath;
  private final String column;
  private final long chunkFileOffset;
  private final boolean verifyChecksums;
  private int pagesRead;
  private final java.util.zip.CRC32 crc = new java.util.zip.CRC32();

  /**
   * The data pages to decode when only some rows are read, from the chunk's offset index: where each
   * starts (relative to the chunk), its first row index and its row count. Pages come out carrying the
   * two, which parquet-mr's synchronizing column reader needs to align the columns' rows.
   */
  record Selection(int[] offsets, long[] firstRows, int[] rowCounts) {}

  /**
   * @param data holds the chunk at {@code [offset, offset + length)}
   * @param totalValues the chunk's {@code num_values} (values including nulls, over all pages)
   * @param selection the data pages to read, or null for all of them
   * @param chunkFileOffset where the chunk starts in the file, for error messages
   */
  ColumnChunkPages(byte[] data, int offset, int length, CompressionCodecName codec, long totalValues,
      Selection selection, String filePath, String column, long chunkFileOffset, boolean verifyChecksums)
      throws IOException {
    this.filePath = filePath;
    this.column = column;
    this.chunkFileOffset = chunkFileOffset;
    this.verifyChecksums = verifyChecksums;
    this.data = data;
    this.pos = offset;
    this.end = offset + length;
    this.codec = codec;
    this.totalValues = totalValues;
    this.chunkOffset = offset;
    this.selection = selection;
    this.dictionary = readDictionaryIfFirst();
  }

  private DictionaryPage readDictionaryIfFirst() throws IOException {
    if (pos >= end || totalValues == 0) {
      return null;
    }
    int start = pos;
    PageHeader h = header();
    if (h.getType() != org.apache.parquet.format.PageType.DICTIONARY_PAGE) {
      pos = start; // a data page: read it again in readPage()
      return null;
    }
    byte[] bytes = body(h.getCompressed_page_size(), h.getUncompressed_page_size(), true);
    return new DictionaryPage(BytesInput.from(bytes), h.getUncompressed_page_size(),
        h.getDictionary_page_header().getNum_values(), encoding(h.getDictionary_page_header().getEncoding()));
  }

  @Override
  public DictionaryPage readDictionaryPage() {
    return dictionary;
  }

  @Override
  public long getTotalValueCount() {
    return totalValues;
  }

  @Override
  public DataPage readPage() {
    try {
      if (selection != null) {
        return readSelectedPage();
      }
      while (valuesRead < totalValues && pos < end) {
        PageHeader h = header();
        switch (h.getType()) {
          case DATA_PAGE: {
            DataPageHeader d = h.getData_page_header();
            byte[] bytes = body(h.getCompressed_page_size(), h.getUncompressed_page_size(), true);
            valuesRead += d.getNum_values();
            return new DataPageV1(BytesInput.from(bytes), d.getNum_values(), h.getUncompressed_page_size(), null,
                encoding(d.getRepetition_level_encoding()), encoding(d.getDefinition_level_encoding()),
                encoding(d.getEncoding()));
          }
          case DATA_PAGE_V2:
            return dataPageV2(h, -1);
          case DICTIONARY_PAGE:
            throw new IOException("a column chunk has a second dictionary page");
          default:
            skip(h.getCompressed_page_size()); // INDEX_PAGE and page types this reader does not know
        }
      }
      if (valuesRead < totalValues) {
        throw new IOException("a column chunk ends after " + valuesRead + " of its " + totalValues + " values");
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e); // the row iterator reports it as a damaged file
    }
  }

  private DataPage readSelectedPage() throws IOException {
    if (nextSelected == selection.offsets().length) {
      return null;
    }
    int k = nextSelected++;
    pos = chunkOffset + selection.offsets()[k];
    if (pos >= end) {
      throw new IOException("a page location lies outside its column chunk");
    }
    PageHeader h = header();
    long firstRow = selection.firstRows()[k];
    int rows = selection.rowCounts()[k];
    switch (h.getType()) {
      case DATA_PAGE: {
        DataPageHeader d = h.getData_page_header();
        byte[] bytes = body(h.getCompressed_page_size(), h.getUncompressed_page_size(), true);
        return new DataPageV1(BytesInput.from(bytes), d.getNum_values(), h.getUncompressed_page_size(), firstRow,
            rows, null, encoding(d.getRepetition_level_encoding()), encoding(d.getDefinition_level_encoding()),
            encoding(d.getEncoding()));
      }
      case DATA_PAGE_V2:
        return dataPageV2(h, firstRow);
      default:
        throw new IOException("the offset index points at a " + h.getType() + " page, not a data page");
    }
  }

  private PageHeader header() throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(data, pos, end - pos);
    PageHeader h = Util.readPageHeader(in);
    pos = end - in.available(); // Thrift reads exactly the header's bytes
    if (h.getCompressed_page_size() < 0 || h.getUncompressed_page_size() < 0) {
      throw new IOException("a page header has a negative size");
    }
    int page = pagesRead++;
    if (verifyChecksums && h.isSetCrc() && h.getType() != org.apache.parquet.format.PageType.INDEX_PAGE) {
      verifyCrc(h, page);
    }
    return h;
  }

  /** The header's CRC against the page's bytes as stored (compressed; for v2 pages levels included). */
  private void verifyCrc(PageHeader h, int page) {
    int size = h.getCompressed_page_size();
    if (size > end - pos) {
      return; // the size check in body() reports it
    }
    crc.reset();
    crc.update(data, pos, size);
    int actual = (int) crc.getValue();
    if (actual != h.getCrc()) {
      String which = selection != null ? "the page" : "page " + page + " (0-based, dictionary included)";
      throw new CorruptDataFileException(filePath, "column '" + column + "', " + which + " at byte "
          + (chunkFileOffset + pos - chunkOffset) + " of the file (page body) fails its checksum (CRC32 stored "
          + Integer.toHexString(h.getCrc()) + ", computed " + Integer.toHexString(actual) + ")", null);
    }
  }

  /** A v2 data page; {@code firstRow} >= 0 when reading selected pages. */
  private DataPage dataPageV2(PageHeader h, long firstRow) throws IOException {
    DataPageHeaderV2 d = h.getData_page_header_v2();
    int rl = d.getRepetition_levels_byte_length();
    int dl = d.getDefinition_levels_byte_length();
    int compressed = h.getCompressed_page_size() - rl - dl;
    int uncompressed = h.getUncompressed_page_size() - rl - dl;
    if (rl < 0 || dl < 0 || compressed < 0 || uncompressed < 0) {
      throw new IOException("a v2 data page's level lengths exceed the page size");
    }
    BytesInput rep = BytesInput.from(slice(rl));
    BytesInput def = BytesInput.from(slice(dl));
    // is_compressed is optional and defaults to true
    byte[] values = body(compressed, uncompressed, !d.isSetIs_compressed() || d.isIs_compressed());
    valuesRead += d.getNum_values();
    return firstRow < 0
        ? DataPageV2.uncompressed(d.getNum_rows(), d.getNum_nulls(), d.getNum_values(), rep, def,
            encoding(d.getEncoding()), BytesInput.from(values), null)
        : DataPageV2.uncompressed(d.getNum_rows(), d.getNum_nulls(), d.getNum_values(), firstRow, rep, def,
            encoding(d.getEncoding()), BytesInput.from(values), null);
  }

  private byte[] slice(int n) throws IOException {
    if (n > end - pos) {
      throw new IOException("a page of " + n + " bytes runs past the end of its column chunk");
    }
    byte[] out = java.util.Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    return out;
  }

  private void skip(int n) throws IOException {
    if (n > end - pos) {
      throw new IOException("a page of " + n + " bytes runs past the end of its column chunk");
    }
    pos += n;
  }

  /** The next {@code compressed} bytes, decompressed to {@code uncompressed} bytes when the page is. */
  private byte[] body(int compressed, int uncompressed, boolean isCompressed) throws IOException {
    if (compressed > end - pos) {
      throw new IOException("a page of " + compressed + " bytes runs past the end of its column chunk");
    }
    byte[] out;
    if (!isCompressed || codec == CompressionCodecName.UNCOMPRESSED) {
      if (compressed != uncompressed) {
        throw new IOException("an uncompressed page has " + compressed + " bytes, its header says " + uncompressed);
      }
      out = java.util.Arrays.copyOfRange(data, pos, pos + compressed);
    } else {
      out = Codecs.decompress(codec, data, pos, compressed, uncompressed);
    }
    pos += compressed;
    return out;
  }

  private static Encoding encoding(org.apache.parquet.format.Encoding e) {
    return Encoding.valueOf(e.name()); // the enums share their names
  }
}
