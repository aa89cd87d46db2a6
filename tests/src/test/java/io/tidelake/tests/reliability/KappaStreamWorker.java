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
 * {@code KappaStreamWorker SOURCE DIR} runs until killed; with
 * {@code -Dtidelake.test.stallAfterOffsetsOfBatch=N} its (N+1)-th batch stops after writing its offsets. Parent and child build the query with
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
      StreamingQueryBuilder b = query(src, args[1], Trigger.processingTime(Duration.ofMillis(150)));
      int stallAt = Integer.getInteger("tidelake.test.stallAfterOffsetsOfBatch", -1);
      if (stallAt >= 0) {
        // hold batch stallAt between its offsets and its commit until killed: the parent's SIGKILL then
        // lands mid-batch however fast the machine is
        int[] planned = {0};
        b = io.tidelake.stream.StreamTestHooks.faults(b, point -> {
          if (point.equals("afterOffsets") && planned[0]++ >= stallAt) {
            while (true) {
              try {
                Thread.sleep(1_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
              }
            }
          }
        });
      }
      StreamingQuery q = b.start();
      System.out.println("STARTED " + q.id());
      q.awaitTermination();
      System.exit(0);
    } catch (Throwable t) {
      t.printStackTrace();
      System.exit(1);
    }
  }
}
