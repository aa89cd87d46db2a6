package io.tidelake.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tidelake.compaction.MaintenanceArgumentException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;

/** Shared by the maintenance commands: one JSON object on stdout, and size options such as {@code 128MB}. */
final class MaintenanceOutput {
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|k|kb|m|mb|g|gb)?");

  private MaintenanceOutput() {}

  static void printJson(CommandSpec spec, Map<String, Object> document) {
    PrintWriter out = spec.commandLine().getOut();
    try {
      out.println(JsonValues.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(document));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    out.flush();
  }

  static void println(CommandSpec spec, String line) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(line);
    out.flush();
  }

  /** {@code 128MB}, {@code 64m}, {@code 1g}, {@code 1048576}: bytes (units are powers of 1024). */
  static long parseSize(String option, String text) {
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String u = m.group(2) == null ? "b" : m.group(2);
      long unit = switch (u.charAt(0)) {
        case 'k' -> 1024L;
        case 'm' -> 1024L * 1024;
        case 'g' -> 1024L * 1024 * 1024;
        default -> 1L;
      };
      if (n > 0) {
        return Math.multiplyExact(n, unit);
      }
    }
    throw new MaintenanceArgumentException("Invalid " + option + " '" + text
        + "': expected a positive size such as 128MB, 512k or 1g.");
  }
}
