package io.tidelake.compaction;

import java.util.List;

/** JSON text of string arrays, as Delta writes list-valued operation parameters ({@code ["a","b"]}). */
final class Json {
  private Json() {}

  static String array(List<String> values) {
    StringBuilder sb = new StringBuilder("[");
    for (String v : values) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append('"');
      for (char c : v.toCharArray()) {
        if (c == '"' || c == '\\') {
          sb.append('\\').append(c);
        } else if (c < 0x20) {
          sb.append(String.format("\\u%04x", (int) c));
        } else {
          sb.append(c);
        }
      }
      sb.append('"');
    }
    return sb.append(']').toString();
  }
}
