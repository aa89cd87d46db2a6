package io.tidelake.table.actions;

import java.util.Map;
import java.util.Objects;

/** {@code metaData.format}: the data file format. Delta only defines {@code parquet}. */
public record Format(String provider, Map<String, String> options) {
  private static final Format PARQUET = new Format("parquet", Map.of());

  public Format {
    Objects.requireNonNull(provider, "provider");
    options = Copies.mapOrEmpty(options);
  }

  public static Format parquet() {
    return PARQUET;
  }
}
