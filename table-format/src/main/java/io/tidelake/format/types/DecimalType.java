package io.tidelake.format.types;

import io.tidelake.format.TidelakeException;

/** decimal(precision, scale), precision 1..38 as in Delta and Spark. Values are {@link java.math.BigDecimal}. */
public record DecimalType(int precision, int scale) implements DataType {
  public static final int MAX_PRECISION = 38;

  public DecimalType {
    if (precision < 1 || precision > MAX_PRECISION || scale < 0 || scale > precision) {
      throw new TidelakeException("Invalid decimal(" + precision + "," + scale + "): precision must be 1.."
          + MAX_PRECISION + " and scale 0..precision.");
    }
  }

  @Override
  public String simpleString() {
    return "decimal(" + precision + "," + scale + ")";
  }

  @Override
  public String toString() {
    return simpleString();
  }
}
