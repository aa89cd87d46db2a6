package io.tidelake.tests.reliability;

import io.tidelake.table.CommitResult;
import io.tidelake.table.Table;
import io.tidelake.tests.s3.TestData;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A separate OS process appending to a shared table, for {@link MultiProcessAppendSuite}:
 * {@code AppendWorker LOCATION WORKER APPENDS ROWS_PER_APPEND [key=value store options...]}. Worker w's
 * append i writes ids {@code (w * APPENDS + i) * ROWS_PER_APPEND} onwards, so every row is unique.
 * Prints one line {@code DONE worker=.. lostRaces=..} and exits 0, or exits 1 with the error. With
 * {@code -Dtidelake.test.pauseAfter=N -Dtidelake.test.goFile=PATH} it waits after N appends until PATH exists.
 */
public final class AppendWorker {
  private AppendWorker() {}

  public static void main(String[] args) {
    try {
      String location = args[0];
      int worker = Integer.parseInt(args[1]);
      int appends = Integer.parseInt(args[2]);
      int rows = Integer.parseInt(args[3]);
      Map<String, String> options = new LinkedHashMap<>();
      for (int i = 4; i < args.length; i++) {
        int eq = args[i].indexOf('=');
        options.put(args[i].substring(0, eq), args[i].substring(eq + 1));
      }
      Table table = Table.open(location, options);
      int lostRaces = 0;
      int pauseAfter = Integer.getInteger("tidelake.test.pauseAfter", -1);
      for (int i = 0; i < appends; i++) {
        if (i == pauseAfter) {
          awaitGoFile(java.nio.file.Path.of(System.getProperty("tidelake.test.goFile")));
        }
        long firstId = ((long) worker * appends + i) * rows;
        CommitResult r = table.newAppend().addRows(TestData.rows(firstId, rows)).commit();
        lostRaces += r.attempts() - 1;
      }
      System.out.println("DONE worker=" + worker + " lostRaces=" + lostRaces);
      System.exit(0);
    } catch (Throwable t) {
      t.printStackTrace();
      System.exit(1);
    }
  }

  /** Waits (up to a minute) for the parent to create {@code go}: a test's way to hold appenders at a point. */
  private static void awaitGoFile(java.nio.file.Path go) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!java.nio.file.Files.exists(go)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no go file " + go + " after a minute");
      }
      Thread.sleep(5);
    }
  }
}
