package io.tidelake.cli;

import io.tidelake.format.parquet.DataFileReader;
import io.tidelake.format.store.ObjectStores;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.merge.Merge;
import io.tidelake.merge.MergeProgress;
import io.tidelake.merge.MergeResult;
import io.tidelake.merge.MergeSource;
import io.tidelake.table.CommitResult;
import io.tidelake.table.Table;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tide merge}: delta-spark's MERGE INTO target USING source ON ... WHEN ..., in one commit. */
@Command(name = "merge", description = "Upsert a source (file or table) into a table: MERGE ... ON ... WHEN ...",
    footer = {"", "Clauses (--when, in order; the first true clause of a kind acts):",
        "  MATCHED [AND cond] THEN UPDATE SET * | UPDATE SET a = expr, ... | DELETE",
        "  NOT MATCHED [AND cond] THEN INSERT * | INSERT (a, b) VALUES (expr, expr)",
        "  NOT MATCHED BY SOURCE [AND cond] THEN UPDATE SET a = expr, ... | DELETE",
        "", "Examples:",
        "  tide merge /tmp/t --source new.jsonl --on \"t.id = s.id\" --when \"MATCHED THEN UPDATE SET *\" "
            + "--when \"NOT MATCHED THEN INSERT *\"",
        "  tide merge /tmp/t --source /tmp/changes --source-format delta --source-version 3 --on \"t.id = s.id\" "
            + "--when \"MATCHED AND s.op = 'D' THEN DELETE\" --when \"MATCHED THEN UPDATE SET *\" --json"})
final class MergeCommand implements Callable<Integer> {
  enum SourceFormat { jsonl, csv, parquet, delta }

  @Spec
  CommandSpec spec;

  @Mixin
  StoreOptions store;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Parameters(index = "0", paramLabel = "TARGET", description = "Target table location.")
  String location;

  @Option(names = "--source", required = true, paramLabel = "PATH",
      description = "Source: a .jsonl/.csv/.parquet file ('-' for stdin) or a table location.")
  String source;

  @Option(names = "--source-format", paramLabel = "FORMAT",
      description = "jsonl, csv, parquet or delta (default: from the file name; a directory is a table).")
  SourceFormat format;

  @Option(names = "--source-version", paramLabel = "N", description = "Version of a delta source (default: latest).")
  Long sourceVersion;

  @Option(names = "--source-schema", paramLabel = "DDL",
      description = "Columns of a file source, e.g. \"id long, amount double, op string\" (default: the target's).")
  String sourceSchema;

  @Option(names = "--on", required = true, paramLabel = "COND", description = "Join condition, e.g. \"t.id = s.id\".")
  String on;

  @Option(names = "--target-alias", defaultValue = "t", paramLabel = "ALIAS", description = "Default: t.")
  String targetAlias;

  @Option(names = "--source-alias", defaultValue = "s", paramLabel = "ALIAS", description = "Default: s.")
  String sourceAlias;

  @Option(names = "--when", required = true, paramLabel = "CLAUSE", description = "A WHEN clause; repeat, in order.")
  List<String> clauses;

  @Option(names = "--schema-evolution", description = "UPDATE SET * / INSERT * with a source lacking "
      + "target columns (they stay unchanged / NULL), and the source's new columns added to the target in the same commit.")
  boolean schemaEvolution;

  @Option(names = "--spill-dir", paramLabel = "DIR", description = "Where a source larger than the memory budget "
      + "(half the heap) is spilled; default: the system temp directory.")
  java.nio.file.Path spillDir;

  @Option(names = "--txn-app", paramLabel = "ID", description = "Idempotence: application id (with --txn-version).")
  String txnApp;

  @Option(names = "--txn-version", paramLabel = "N", description = "Idempotence: skipped if already committed.")
  Long txnVersion;

  @Option(names = "--json", description = "Print the commit (version, operation, metrics) as one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    if ((txnApp == null) != (txnVersion == null)) {
      throw new ParameterException(spec.commandLine(), "--txn-app and --txn-version go together");
    }
    Table t = store.open(location);
    Merge m = Merge.into(t).as(targetAlias).using(source(t)).as(sourceAlias).on(on);
    for (String c : clauses) {
      m.when(c);
    }
    if (schemaEvolution) {
      m.withSchemaEvolution();
    }
    if (spillDir != null) {
      m.spillDirectory(spillDir);
    }
    if (txnApp != null) {
      m.txn(txnApp, txnVersion);
    }
    MergeResult r;
    try (ProgressReporter progress = ProgressReporter.forStderr(spec.commandLine().getErr())) {
      r = m.onProgress(p -> progress.status("merge", describe(p))).execute();
    }
    CommitOutput.print(spec, json, "MERGE", new CommitResult(r.version(), r.committed(), 0, r.metrics()),
        "Merged " + r.numSourceRows() + " source rows: " + r.numTargetRowsInserted() + " inserted, "
            + r.numTargetRowsUpdated() + " updated, " + r.numTargetRowsDeleted() + " deleted");
    return TideCli.EXIT_OK;
  }

  /** e.g. {@code matching: 12 of 20 target files (340.2 MB), 100,000 source rows, 1,234 rows written so far}. */
  static String describe(MergeProgress p) {
    return p.phase() + ": " + Fmt.count(p.targetFilesDone()) + " of " + Fmt.count(p.targetFiles()) + " target files ("
        + Fmt.bytes(p.targetBytesDone()) + "), " + Fmt.plural(p.sourceRowsRead(), "source row") + ", "
        + Fmt.plural(p.rowsWritten(), "row") + " written so far";
  }

  private MergeSource source(Table target) {
    SourceFormat f = format != null ? format : guess();
    if (sourceVersion != null && f != SourceFormat.delta) {
      throw new ParameterException(spec.commandLine(), "--source-version applies to a delta source only");
    }
    if (f == SourceFormat.delta) {
      if (sourceSchema != null) {
        throw new ParameterException(spec.commandLine(), "--source-schema is for file sources; a table has its own");
      }
      Table s = store.open(source);
      return MergeSource.of(sourceVersion == null ? s.snapshot().newScan() : s.snapshotAt(sourceVersion).newScan());
    }
    StructType schema = sourceSchema == null ? target.snapshot().schema() : SchemaDdl.parse(sourceSchema);
    String path = source;
    return MergeSource.of(schema, () -> f == SourceFormat.parquet
        ? DataFileReader.read(ObjectStores.forLocation(path, store.options()), ObjectStores.normalize(path), schema)
        : RowInput.open(path, f == SourceFormat.csv ? RowInput.Format.csv : RowInput.Format.jsonl, schema), path);
  }

  private SourceFormat guess() {
    String n = source.toLowerCase(Locale.ROOT);
    if (n.endsWith(".parquet")) {
      return SourceFormat.parquet;
    }
    RowInput.Format text = RowInput.Format.fromFileName(source);
    if (text != null) {
      return text == RowInput.Format.csv ? SourceFormat.csv : SourceFormat.jsonl;
    }
    if (!source.equals("-") && Table.exists(ObjectStores.forLocation(source, store.options()), source)) {
      return SourceFormat.delta;
    }
    throw new ParameterException(spec.commandLine(), "cannot tell the format of source '" + source
        + "'; add --source-format jsonl|csv|parquet|delta");
  }
}
