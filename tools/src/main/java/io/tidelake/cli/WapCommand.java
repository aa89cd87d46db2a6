package io.tidelake.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidelake.quality.ExpectationResult;
import io.tidelake.quality.SuiteResult;
import io.tidelake.table.CommitResult;
import io.tidelake.table.StagedCommit;
import io.tidelake.table.Table;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tide wap}: write-audit-publish with staged commits. {@code stage} writes rows without committing
 * them (audited by an expectation suite), {@code list} and {@code show} inspect staged commits and their
 * expectation results, {@code publish} commits one atomically (exit 3 when its audit blocks it), {@code
 * discard} deletes its files.
 */
@Command(name = "wap", description = "Write-audit-publish: stage a write, inspect its audit, publish or discard it.",
    subcommands = {WapStageCommand.class, WapCommand.ListStaged.class, WapCommand.Show.class,
        WapCommand.Publish.class, WapCommand.Discard.class},
    footer = {"", "Examples:",
        "  tide wap stage /tmp/t --id load-1 --input day1.jsonl --expect orders.json",
        "  tide wap show /tmp/t load-1",
        "  tide wap publish /tmp/t load-1"})
final class WapCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand: stage, list, show, publish or discard");
  }

  /** The staged commit as one JSON object (what list and show print). */
  static ObjectNode json(StagedCommit s, boolean withResults) {
    ObjectNode o = JsonValues.MAPPER.createObjectNode();
    o.put("id", s.id());
    o.put("baseVersion", s.baseVersion());
    o.put("operation", s.operation());
    o.put("createdAt", s.createdAt().toString());
    o.put("expiresAt", s.expiresAt().toString());
    o.put("expired", s.expired());
    o.put("dataFiles", s.dataFiles().size());
    ObjectNode m = o.putObject("operationMetrics");
    s.operationMetrics().forEach(m::put);
    if (s.publishedVersion().isPresent()) {
      o.put("publishedVersion", s.publishedVersion().getAsLong());
    }
    SuiteResult r = s.expectations().orElse(null);
    o.put("audited", r != null);
    o.put("blocked", r != null && r.blocked());
    if (r != null) {
      if (withResults) {
        try {
          o.set("expectations", JsonValues.MAPPER.readTree(r.toCompactJson()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return o;
  }

  static void printJson(PrintWriter out, Object node) {
    try {
      out.println(JsonValues.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    out.flush();
  }

  /** What a staged commit changes, for a line of text: "12 rows", "DELETE of 3 rows", "UPDATE of 4 rows". */
  static String changeSummary(java.util.Map<String, String> metrics) {
    if (metrics.containsKey("numUpdatedRows")) {
      return "UPDATE of " + metrics.get("numUpdatedRows") + " rows";
    }
    if (metrics.containsKey("numDeletedRows") && !metrics.containsKey("numOutputRows")) {
      return "DELETE of " + metrics.get("numDeletedRows") + " rows";
    }
    return metrics.getOrDefault("numOutputRows", "?") + " rows";
  }

  /** "passed", "warnings", or "BLOCKED: ..." for a line of text. */
  static String auditSummary(StagedCommit s) {
    SuiteResult r = s.expectations().orElse(null);
    if (r == null) {
      return "not audited";
    }
    if (r.blocked()) {
      return "BLOCKED: " + r.blockingSummary();
    }
    return r.success() ? "passed" : "passed with warnings";
  }

  @Command(name = "list", description = "List the staged commits of a table (not yet published).")
  static final class ListStaged implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Parameters(index = "0", paramLabel = "TABLE", description = "Table location.")
    String location;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Override
    public Integer call() {
      Table t = store.open(location);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ArrayNode a = JsonValues.MAPPER.createArrayNode();
        t.stagedCommits().forEach(s -> a.add(json(s, false)));
        printJson(out, a);
        return TideCli.EXIT_OK;
      }
      if (t.stagedCommits().isEmpty()) {
        out.println("No staged commits in " + t.location() + ".");
      }
      for (StagedCommit s : t.stagedCommits()) {
        out.println(s.id() + "\t" + s.operation() + " on version " + s.baseVersion() + "\t"
            + changeSummary(s.operationMetrics()) + "\tcreated " + s.createdAt()
            + (s.expired() ? "\tEXPIRED" : "\texpires " + s.expiresAt()) + "\t" + auditSummary(s));
      }
      out.flush();
      return TideCli.EXIT_OK;
    }
  }

  /** What show, publish and discard share: the table, the staged commit's id, store options, help. */
  abstract static class OneStaged implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Parameters(index = "0", paramLabel = "TABLE", description = "Table location.")
    String location;

    @Parameters(index = "1", paramLabel = "ID", description = "Staged commit id.")
    String id;
  }

  @Command(name = "show", description = "Show a staged commit and its expectation results.")
  static final class Show extends OneStaged {

    @Option(names = "--json", description = "Print one JSON object (expectation results in GE's format).")
    boolean json;

    @Override
    public Integer call() {
      StagedCommit s = store.open(location).stagedCommit(id);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        printJson(out, json(s, true));
        return TideCli.EXIT_OK;
      }
      out.println("Staged commit " + s.id() + ": " + s.operation() + " on version " + s.baseVersion() + ", "
          + changeSummary(s.operationMetrics()) + " in " + s.dataFiles().size() + " files"
          + (s.publishedVersion().isPresent() ? ", published as version " + s.publishedVersion().getAsLong() : ""));
      out.println("Audit: " + auditSummary(s));
      s.expectations().ifPresent(r -> {
        for (ExpectationResult e : r.results()) {
          out.println("  " + (e.success() ? "ok  " : e.blocks() ? "FAIL" : "warn") + " #" + e.index() + " "
              + e.expectation().type() + " " + e.expectation().kwargs() + " -> " + e.result());
        }
      });
      out.flush();
      return TideCli.EXIT_OK;
    }
  }

  @Command(name = "publish", description = "Commit a staged commit atomically (exit 3 when its audit blocks it).")
  static final class Publish extends OneStaged {

    @Option(names = "--force", description = "Publish even though failed expectations block it.")
    boolean force;

    @Option(names = "--json", description = "Print the commit as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
      StagedCommit s = store.open(location).stagedCommit(id);
      CommitResult r = s.publish(force);
      CommitOutput.print(spec, json, s.operation(), r, r.committed()
          ? "Published staged commit " + id + ": " + changeSummary(r.metrics())
          : "Staged commit " + id + " was already published");
      return TideCli.EXIT_OK;
    }
  }

  @Command(name = "discard", description = "Delete a staged commit and its data files.")
  static final class Discard extends OneStaged {

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
      StagedCommit s = store.open(location).stagedCommit(id);
      int files = s.dataFiles().size();
      s.discard();
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode o = JsonValues.MAPPER.createObjectNode();
        o.put("id", id);
        o.put("discarded", true);
        o.put("deletedFiles", files);
        printJson(out, o);
      } else {
        out.println("Discarded staged commit " + id + " (" + files + " data files deleted).");
        out.flush();
      }
      return TideCli.EXIT_OK;
    }
  }
}
