package io.tidelake.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * An aligned plain-text table (cat, history, quickstart). Cells wider than the cap are cut with "...",
 * so one long value cannot push every other column off the screen.
 */
final class TextTable {
  private final String[] headers;
  private final boolean[] rightAligned;
  private final List<String[]> rows = new ArrayList<>();
  private final int maxWidth;

  TextTable(List<String> headers, boolean[] rightAligned, int maxWidth) {
    this.headers = headers.toArray(new String[0]);
    this.rightAligned = rightAligned == null ? new boolean[this.headers.length] : rightAligned;
    this.maxWidth = Math.max(4, maxWidth);
  }

  TextTable(int maxWidth, String... headers) {
    this(List.of(headers), null, maxWidth);
  }

  TextTable add(String... cells) {
    rows.add(cells);
    return this;
  }

  int size() {
    return rows.size();
  }

  void print(PrintWriter out, String indent) {
    int[] width = new int[headers.length];
    for (int i = 0; i < headers.length; i++) {
      width[i] = Math.min(maxWidth, headers[i].length());
    }
    for (String[] r : rows) {
      for (int i = 0; i < headers.length; i++) {
        width[i] = Math.max(width[i], Math.min(maxWidth, r[i].length()));
      }
    }
    printLine(out, indent, headers, width, false);
    String[] rule = new String[headers.length];
    for (int i = 0; i < headers.length; i++) {
      rule[i] = "-".repeat(width[i]);
    }
    printLine(out, indent, rule, width, false);
    for (String[] r : rows) {
      printLine(out, indent, r, width, true);
    }
  }

  private void printLine(PrintWriter out, String indent, String[] cells, int[] width, boolean align) {
    StringBuilder sb = new StringBuilder(indent);
    for (int i = 0; i < cells.length; i++) {
      String c = cells[i].length() > width[i] ? cells[i].substring(0, width[i] - 3) + "..." : cells[i];
      boolean last = i == cells.length - 1;
      String pad = " ".repeat(width[i] - c.length());
      if (align && rightAligned[i]) {
        sb.append(pad).append(c);
      } else {
        sb.append(c).append(last ? "" : pad);
      }
      if (!last) {
        sb.append("  ");
      }
    }
    out.println(sb.toString().stripTrailing());
  }
}
