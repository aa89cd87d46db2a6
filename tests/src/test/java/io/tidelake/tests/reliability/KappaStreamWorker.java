package io.tidelake.tests.reliability;

import io.tidelake.stream.StreamingQuery;
import io.tidelake.stream.StreamingQueryBuilder;
import io.tidelake.stream.TableSource;
import io.tidelake.stream.Trigger;
import io.tidelake.stream.WindowSpec;
import io.tidelake.table.Table;
import java.time.Duration;

/**
 * The windowed job of {@link KappaTest}, and a separate OS process running it as an interval stream:
 * {@code KappaStreamWorker SOURCE DIR} runs until killed. Parent and child build the query with
 * {@link #query} so that all runs of the test are the same job.
 */
public final class KappaStreamWorker {
  static final Duration SIZE = Duration.ofMinutes(10);
  static final Duration DELAY = Duration.ofMinutes(5);

  private KappaStreamWorker() {}

  /** The job: one source file per batch, 10-minute windows per user, 5-minute watermark, a late table. */
  static StreamingQueryBuilder query(Table src, String dir, Trigger trigger) {
    return StreamingQuery.from(TableSource.of(src).startingVersion(1).maxFilesPerTrigger(1))
        .window(WindowSpec.tumbling("ts", SIZE).watermark(DELAY).groupBy("user")
            .agg("count(*) AS n, sum(amount) AS total, min(amount) AS lo, max(amount) AS hi, avg(amount) AS mean")
            .lateTable(dir + "/late"))
        .toTable(dir + "/sink").checkpointLocation(dir + "/cp").trigger(trigger);
  }

  public static void main(String[] args) {
    try {
      Table src = Table.open(args[0]);
      StreamingQuery q = query(src, args[1], Trigger.processingTime(Duration.ofMillis(150))).start();
      System.out.println("STARTED " + q.id());
      q.awaitTermination();
      System.exit(0);
    } catch (Throwable t) {
      t.printStackTrace();
      System.exit(1);
    }
  }
}
