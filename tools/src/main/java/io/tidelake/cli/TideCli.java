package io.tidelake.cli;

import io.tidelake.format.TidelakeException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code tide}: the Tidelake command line. Exit codes: 0 ok; 1 user error (any TidelakeException, a bad
 * option, a missing table) with one line {@code tide: <message>} on stderr; 3 expectations blocked a write
 * or publish (nothing committed; with --json the results are in the error document); 2 internal error (anything
 * else) with {@code tide: internal error: <exception>}, plus the stack trace with --verbose or
 * TIDE_DEBUG=1.
 */
@Command(name = "tide", mixinStandardHelpOptions = true, versionProvider = TideCli.Version.class,
    modelTransformer = TideCli.InstallHandlers.class,
    description = "Work with Delta Lake tables from the command line.",
    subcommands = {QuickstartCommand.class, CreateCommand.class, WriteCommand.class, CatCommand.class,
        DescribeCommand.class, HistoryCommand.class, UpdateCommand.class, DeleteCommand.class, AlterCommand.class,
        MergeCommand.class, ChangesCommand.class, WapCommand.class, OptimizeCommand.class, VacuumCommand.class,
        CheckpointCommand.class, CleanupLogCommand.class, MaintainCommand.class, StreamCommand.class, BackfillCommand.class,
        StreamStatusCommand.class, CommandLine.HelpCommand.class,
        AutoComplete.GenerateCompletion.class},
    footer = {"", "Start with: tide quickstart /tmp/tide-demo",
        "Shell completion (bash, zsh): source <(tide generate-completion)"})
public final class TideCli implements Runnable {
  public static final int EXIT_OK = 0;
  public static final int EXIT_USER_ERROR = 1;
  public static final int EXIT_INTERNAL_ERROR = 2;
  public static final int EXIT_EXPECTATIONS_BLOCKED = 3;

  @Spec
  CommandSpec spec;

  // INHERIT: "tide cat --verbose ..." works as well as "tide --verbose cat ..."
  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "Print stack traces of internal errors (same as TIDE_DEBUG=1).")
  boolean verbose;

  public static void main(String[] args) {
    CommandLine cl = new CommandLine(new TideCli());
    // UTF-8 whatever the host locale: rows are Unicode, and jsonl/csv output is read back as UTF-8
    // stdout through its file descriptor, not System.out: a PrintStream hides a closed pipe, and cat must
    // notice one to stop reading (tide cat ... | head)
    cl.setOut(new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
        StandardCharsets.UTF_8), true));
    cl.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    System.exit(cl.execute(args));
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command; try 'tide --help'");
  }

  /**
   * Installs the exit-code handlers while picocli builds the command model, so that they are in force
   * however the CommandLine is made ({@code main}, or {@code new CommandLine(new TideCli())} in tests).
   */
  public static final class InstallHandlers implements IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      CommandLine cl = spec.commandLine();
      if (cl != null) {
        cl.setCaseInsensitiveEnumValuesAllowed(true); // --format JSONL works too
        cl.setExecutionExceptionHandler(new ExecutionErrors());
        cl.setParameterExceptionHandler(new ParameterErrors());
      }
      return spec;
    }
  }

  static final class ExecutionErrors implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
      PrintWriter err = cl.getErr();
      boolean json = cl.getParseResult() != null && cl.getParseResult().hasMatchedOption("--json");
      if (ex instanceof io.tidelake.quality.ExpectationFailedException blocked) {
        if (json) {
          JsonErrors.printBlocked(cl.getOut(), blocked, clean(ex.getMessage()), EXIT_EXPECTATIONS_BLOCKED);
        }
        err.println("tide: " + clean(ex.getMessage()));
        err.flush();
        return EXIT_EXPECTATIONS_BLOCKED;
      }
      if (ex instanceof TidelakeException) {
        if (json) {
          JsonErrors.print(cl.getOut(), JsonErrors.type(ex), clean(ex.getMessage()), EXIT_USER_ERROR);
        }
        err.println("tide: " + clean(ex.getMessage()));
        if (debug(cl)) {
          ex.printStackTrace(err);
        }
        err.flush();
        return EXIT_USER_ERROR;
      }
      if (json) {
        JsonErrors.print(cl.getOut(), "InternalError", oneLine(ex.toString()), EXIT_INTERNAL_ERROR);
      }
      err.println("tide: internal error: " + oneLine(ex.toString()));
      if (debug(cl)) {
        ex.printStackTrace(err);
      } else {
        err.println("tide: run again with --verbose (or TIDE_DEBUG=1) for the stack trace");
      }
      err.flush();
      return EXIT_INTERNAL_ERROR;
    }
  }

  static final class ParameterErrors implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
      CommandLine cl = ex.getCommandLine();
      PrintWriter err = cl.getErr();
      String cmd = cl.getCommandSpec().qualifiedName();
      // picocli's own messages may span lines (typo suggestions); the contract is one line
      String message = clean(ex.getMessage());
      if (java.util.Arrays.asList(args).contains("--json")) {
        JsonErrors.print(cl.getOut(), "UsageError", message, EXIT_USER_ERROR);
      }
      // one pointer to the help, not two (some messages carry their own)
      err.println("tide: " + message + (message.contains("--help") ? "" : " (see '" + cmd + " --help')"));
      err.flush();
      return EXIT_USER_ERROR;
    }
  }

  /** One line, without the doubled words some picocli messages have ("Value for option option '--x'"). */
  static String clean(String message) {
    return oneLine(message).replaceAll("\\b(option|parameter|the|for|a) \\1\\b", "$1");
  }

  /** The first line of a message (predicate errors add a caret diagram below it), never empty. */
  static String oneLine(String message) {
    if (message == null || message.isBlank()) {
      return "(no message)";
    }
    String m = message.strip();
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl)).strip();
  }

  private static boolean debug(CommandLine cl) {
    Object root = cl.getCommandSpec().root().userObject();
    boolean verbose = root instanceof TideCli t && t.verbose;
    return verbose || "1".equals(System.getenv("TIDE_DEBUG"));
  }

  /** The version comes from a Maven-filtered resource, so it is right in tests and in the shaded jar. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = TideCli.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"tide " + p.getProperty("version", "(unknown version)") + " (Tidelake, Java "
          + System.getProperty("java.version") + ")"};
    }
  }
}
