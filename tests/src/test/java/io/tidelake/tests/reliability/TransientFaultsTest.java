package io.tidelake.tests.reliability;

import static io.tidelake.tests.s3.TestData.SCHEMA;
import static io.tidelake.tests.s3.TestData.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.TidelakeException;
import io.tidelake.table.Table;
import io.tidelake.tests.reliability.FaultInjectingStore.Fault;
import io.tidelake.tests.reliability.FaultInjectingStore.Op;
import io.tidelake.tests.s3.Backend;
import io.tidelake.tests.s3.Backends;
import io.tidelake.tests.s3.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random read errors, short reads and latency on every read path, from a seeded schedule: every scan
 * returns exactly the table's rows or fails with a typed error, never something in between, and the
 * same seed gives the same outcomes (the harness is reproducible).
 */
class TransientFaultsTest {
  @TempDir Path tempDir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"local", "s3proxy"})
  void scansUnderRandomReadFaultsAreWholeOrTypedFailures(String kind) {
    try (Backend backend = kind.equals("local") ? Backends.local(tempDir) : Backends.s3Proxy()) {
      String location = backend.newLocation();
      Table t = backend.create(location, SCHEMA).partitionBy("date").create();
      for (int i = 0; i < 4; i++) {
        t.newAppend().addRows(rows(i * 25L, 25)).commit();
      }
      long[] all = LongStream.range(0, 100).toArray();

      List<String> first = run(backend, location, 7, all);
      List<String> again = run(backend, location, 7, all);
      List<String> other = run(backend, location, 8, all);
      System.out.println("TransientFaults[" + kind + "] seed 7: " + first);
      assertThat(again).as("same seed, same outcomes").isEqualTo(first);
      assertThat(first).contains("ok").anyMatch(s -> s.startsWith("typed"));
      assertThat(other).isNotEqualTo(first);
    }
  }

  /** 30 scans through a fresh fault schedule; each outcome is "ok" or "typed:<exception>". */
  private List<String> run(Backend backend, String location, long seed, long[] expected) {
    FaultInjectingStore faults = new FaultInjectingStore(backend.store(), seed);
    faults.on(Op.LIST).probability(0.5).latencyMs(2).inject(Fault.LATENCY)
        .on(Op.READ_RANGE).path(".*\\.parquet").probability(0.005).inject(Fault.ERROR)
        .on(Op.OPEN_SEEKABLE).path(".*\\.parquet").probability(0.01).inject(Fault.TRUNCATE)
        .on(Op.READ_ALL).path(".*\\.json").probability(0.01).inject(Fault.ERROR);
    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      try {
        long[] got = TestData.ids(Table.open(faults, location));
        assertThat(got).as("a scan that succeeds returns exactly the rows").containsExactly(expected);
        outcomes.add("ok");
      } catch (TidelakeException e) {
        outcomes.add("typed:" + e.getClass().getSimpleName());
      }
    }
    return outcomes;
  }
}
