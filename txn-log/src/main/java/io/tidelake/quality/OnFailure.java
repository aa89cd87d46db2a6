package io.tidelake.quality;

import java.util.Locale;

/**
 * What a failed expectation does to a load ({@code meta.on_failure} in the suite): block it, route the
 * failing rows to the quarantine table (row-level expectations only), or only report it.
 */
public enum OnFailure {
  FAIL, QUARANTINE, WARN;

  /** The JSON spelling, {@code fail | quarantine | warn}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static OnFailure parse(Object value) {
    if (value == null) {
      return FAIL;
    }
    for (OnFailure f : values()) {
      if (f.jsonName().equals(String.valueOf(value).toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    return null;
  }
}
