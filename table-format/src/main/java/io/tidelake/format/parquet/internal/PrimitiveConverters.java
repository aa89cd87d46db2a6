package io.tidelake.format.parquet.internal;

import io.tidelake.format.TidelakeException;
import io.tidelake.format.types.DataType;
import io.tidelake.format.types.DecimalType;
import io.tidelake.format.types.PrimitiveType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Leaf converters chosen from the FILE's Parquet type and the REQUESTED Delta type together, so files of
 * other writers read correctly: INT96 and TIMESTAMP_MILLIS/MICROS/NANOS timestamps, decimals stored as
 * INT32, INT64, FIXED_LEN_BYTE_ARRAY or BINARY at any scale up to the requested one, strings without the
 * STRING annotation, and the widenings of Delta's type-widening feature (int → long/double, float →
 * double, integer → decimal, date → timestamp_ntz).
 */
final class PrimitiveConverters {
  private PrimitiveConverters() {}

  /** Receives one converted value. */
  interface Sink {
    void set(Object v);
  }

  static PrimitiveConverter create(org.apache.parquet.schema.PrimitiveType file, DataType req, String path,
      String filePath, Sink sink) {
    PrimitiveTypeName ptn = file.getPrimitiveTypeName();
    LogicalTypeAnnotation ann = file.getLogicalTypeAnnotation();
    if (req instanceof DecimalType d) {
      return decimal(file, d, path, filePath, sink);
    }
    if (req instanceof PrimitiveType p) {
      switch (p) {
        case BOOLEAN:
          if (ptn == PrimitiveTypeName.BOOLEAN) {
            return new PrimitiveConverter() {
              @Override
              public void addBoolean(boolean v) {
                sink.set(v);
              }
            };
          }
          break;
        case BYTE:
        case SHORT:
        case INTEGER:
          if (ptn == PrimitiveTypeName.INT32 && !(ann instanceof DecimalLogicalTypeAnnotation)) {
            return intConverter(p, sink);
          }
          break;
        case LONG:
          if (ptn == PrimitiveTypeName.INT64 && !(ann instanceof DecimalLogicalTypeAnnotation)
              && !(ann instanceof TimestampLogicalTypeAnnotation)) {
            return new PrimitiveConverter() {
              @Override
              public void addLong(long v) {
                sink.set(v);
              }
            };
          }
          if (ptn == PrimitiveTypeName.INT32 && (ann == null || ann instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation)) {
            return new PrimitiveConverter() {
              @Override
              public void addInt(int v) {
                sink.set((long) v);
              }
            };
          }
          break;
        case FLOAT:
          if (ptn == PrimitiveTypeName.FLOAT) {
            return new PrimitiveConverter() {
              @Override
              public void addFloat(float v) {
                sink.set(v);
              }
            };
          }
          break;
        case DOUBLE:
          if (ptn == PrimitiveTypeName.DOUBLE || ptn == PrimitiveTypeName.FLOAT
              || (ptn == PrimitiveTypeName.INT32 && (ann == null || ann instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation))) {
            return new PrimitiveConverter() {
              @Override
              public void addDouble(double v) {
                sink.set(v);
              }

              @Override
              public void addFloat(float v) {
                sink.set((double) v);
              }

              @Override
              public void addInt(int v) {
                sink.set((double) v);
              }
            };
          }
          break;
        case STRING:
          if (ptn == PrimitiveTypeName.BINARY || ptn == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
            return new StringConverter(sink);
          }
          break;
        case BINARY:
          if (ptn == PrimitiveTypeName.BINARY || ptn == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
            return new PrimitiveConverter() {
              @Override
              public void addBinary(Binary v) {
                sink.set(v.getBytes());
              }
            };
          }
          break;
        case DATE:
          if (ptn == PrimitiveTypeName.INT32) {
            return new PrimitiveConverter() {
              @Override
              public void addInt(int v) {
                sink.set(LocalDate.ofEpochDay(v));
              }
            };
          }
          break;
        case TIMESTAMP:
        case TIMESTAMP_NTZ: {
          boolean ntz = p == PrimitiveType.TIMESTAMP_NTZ;
          if (ptn == PrimitiveTypeName.INT96) {
            return new PrimitiveConverter() {
              @Override
              public void addBinary(Binary v) {
                sink.set(Timestamps.value(Timestamps.int96Micros(v, filePath, path), ntz));
              }
            };
          }
          if (ptn == PrimitiveTypeName.INT64 && (ann == null || ann instanceof TimestampLogicalTypeAnnotation)) {
            // Unannotated INT64 holds micros in the files that have them (old Spark with INT64 timestamps).
            TimeUnit unit = ann instanceof TimestampLogicalTypeAnnotation ts ? ts.getUnit() : TimeUnit.MICROS;
            return new PrimitiveConverter() {
              @Override
              public void addLong(long v) {
                sink.set(Timestamps.value(Timestamps.micros(v, unit, filePath, path), ntz));
              }
            };
          }
          if (ntz && ptn == PrimitiveTypeName.INT32 && ann instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
            return new PrimitiveConverter() {
              @Override
              public void addInt(int v) {
                sink.set(LocalDate.ofEpochDay(v).atStartOfDay());
              }
            };
          }
          break;
        }
        default:
          break;
      }
    }
    throw incompatible(file, req, path, filePath);
  }

  static TidelakeException incompatible(org.apache.parquet.schema.Type file, DataType req, String path, String filePath) {
    return new TidelakeException("Cannot read column '" + path + "' of data file " + filePath + " as "
        + req.simpleString() + ": the file stores it as Parquet '" + file.toString().trim()
        + "'. The table schema and the file disagree; the file was probably written for a different schema.");
  }

  private static PrimitiveConverter intConverter(PrimitiveType p, Sink sink) {
    switch (p) {
      case BYTE:
        return new PrimitiveConverter() {
          @Override
          public void addInt(int v) {
            sink.set((byte) v);
          }
        };
      case SHORT:
        return new PrimitiveConverter() {
          @Override
          public void addInt(int v) {
            sink.set((short) v);
          }
        };
      default:
        return new PrimitiveConverter() {
          @Override
          public void addInt(int v) {
            sink.set(v);
          }
        };
    }
  }

  /**
   * A timestamp bound from statistics or a page index, as the reader would return it; null when the value
   * is outside Delta's range (no usable bound then, rather than a wrapped one).
   */
  static Object timestamp(long v, TimeUnit unit, boolean ntz) {
    if (unit == TimeUnit.MILLIS && (v > Long.MAX_VALUE / 1000 || v < Long.MIN_VALUE / 1000)) {
      return null;
    }
    return Timestamps.value(Timestamps.micros(v, unit, "", ""), ntz);
  }

  private static PrimitiveConverter decimal(org.apache.parquet.schema.PrimitiveType file, DecimalType d, String path,
      String filePath, Sink sink) {
    PrimitiveTypeName ptn = file.getPrimitiveTypeName();
    LogicalTypeAnnotation ann = file.getLogicalTypeAnnotation();
    int fileScale;
    if (ann instanceof DecimalLogicalTypeAnnotation fd) {
      fileScale = fd.getScale();
    } else if ((ptn == PrimitiveTypeName.INT32 || ptn == PrimitiveTypeName.INT64) && (ann == null
        || ann instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation ia && ia.isSigned())) {
      fileScale = 0; // a byte/short/int/long column widened to decimal (byte and short carry INT(8)/INT(16))
    } else {
      throw incompatible(file, d, path, filePath);
    }
    if (fileScale > d.scale()) {
      throw incompatible(file, d, path, filePath); // would need rounding
    }
    int scale = d.scale();
    switch (ptn) {
      case INT32:
      case INT64:
        return new PrimitiveConverter() {
          @Override
          public void addInt(int v) {
            sink.set(rescale(BigDecimal.valueOf(v, fileScale), scale));
          }

          @Override
          public void addLong(long v) {
            sink.set(rescale(BigDecimal.valueOf(v, fileScale), scale));
          }
        };
      case BINARY:
      case FIXED_LEN_BYTE_ARRAY:
        return new BinaryDecimalConverter(fileScale, scale, sink);
      default:
        throw incompatible(file, d, path, filePath);
    }
  }

  private static BigDecimal rescale(BigDecimal v, int scale) {
    return v.scale() == scale ? v : v.setScale(scale, RoundingMode.UNNECESSARY);
  }

  /** Big-endian two's complement unscaled values; dictionary-encoded values are decoded once per page set. */
  private static final class BinaryDecimalConverter extends PrimitiveConverter {
    private final int fileScale;
    private final int scale;
    private final Sink sink;
    private BigDecimal[] dict;

    BinaryDecimalConverter(int fileScale, int scale, Sink sink) {
      this.fileScale = fileScale;
      this.scale = scale;
      this.sink = sink;
    }

    private BigDecimal decode(Binary v) {
      return rescale(new BigDecimal(new BigInteger(v.getBytesUnsafe()), fileScale), scale);
    }

    @Override
    public void addBinary(Binary v) {
      sink.set(decode(v));
    }

    @Override
    public boolean hasDictionarySupport() {
      return true;
    }

    @Override
    public void setDictionary(Dictionary dictionary) {
      dict = new BigDecimal[dictionary.getMaxId() + 1];
      for (int i = 0; i < dict.length; i++) {
        dict[i] = decode(dictionary.decodeToBinary(i));
      }
    }

    @Override
    public void addValueFromDictionary(int id) {
      sink.set(dict[id]);
    }
  }

  /** UTF-8 strings; a dictionary page is decoded once, so repeated values share one String. */
  private static final class StringConverter extends PrimitiveConverter {
    private final Sink sink;
    private String[] dict;

    StringConverter(Sink sink) {
      this.sink = sink;
    }

    @Override
    public void addBinary(Binary v) {
      sink.set(v.toStringUsingUTF8());
    }

    @Override
    public boolean hasDictionarySupport() {
      return true;
    }

    @Override
    public void setDictionary(Dictionary dictionary) {
      dict = new String[dictionary.getMaxId() + 1];
      for (int i = 0; i < dict.length; i++) {
        dict[i] = dictionary.decodeToBinary(i).toStringUsingUTF8();
      }
    }

    @Override
    public void addValueFromDictionary(int id) {
      sink.set(dict[id]);
    }
  }
}
