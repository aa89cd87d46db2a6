package io.tidelake.tests.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.stream.StreamCheckpoint;
import io.tidelake.stream.StreamingException;
import io.tidelake.stream.StreamingQuery;
import io.tidelake.stream.StreamingQueryBuilder;
import io.tidelake.stream.TableSource;
import io.tidelake.stream.Trigger;
import io.tidelake.table.Table;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A streaming query with its source, sink and checkpoint on a real S3 server (S3Proxy in this JVM): the
 * checkpoint's put-if-absent files are conditional PUTs, and a batch that crashed while writing is re-run
 * from its recorded offsets after a restart, exactly as on local disk.
 */
class StreamOnS3Test {
  static final StructType SCHEMA = SchemaDdl.parse("id long not null, amount long");

  private static void append(Table t, long first, int n) {
    List<Row> rows = new ArrayList<>();
    for (long id = first; id < first + n; id++) {
      rows.add(Row.of(SCHEMA, id, id * 3));
    }
    t.newAppend().addRows(rows).commit();
  }

  @Test
  void checkpointAndSinkOnS3SurviveACrashInsideABatch() {
    try (Backend s3 = Backends.s3Proxy()) {
      String src = s3.newLocation();
      String sink = s3.newLocation();
      String checkpoint = s3.newLocation() + "/_checkpoint";
      try (Table t = Table.create(src, s3.options()).schema(SCHEMA).create()) {
        for (int i = 0; i < 4; i++) {
          append(t, i * 10L, 10);
        }
        int[] seen = {0};
        StreamingQuery crashing = query(t, sink, checkpoint, s3).filter(r -> {
          if (++seen[0] == 25) { // batch 0 has 20 rows: this is inside batch 1
            throw new IllegalStateException("crash while writing batch 1");
          }
          return true;
        }).start();
        assertThatThrownBy(crashing::awaitTermination).isInstanceOf(StreamingException.class);
        StreamCheckpoint cp = StreamCheckpoint.open(s3.store(), checkpoint);
        assertThat(cp.latestOffsetsBatch()).hasValue(1);
        assertThat(cp.latestCommittedBatch()).hasValue(0);
        append(t, 40, 5);
        StreamingQuery again = query(t, sink, checkpoint, s3).start();
        again.awaitTermination();
        assertThat(again.id()).isEqualTo(crashing.id());
        try (Table out = Table.open(sink, s3.options())) {
          List<Long> ids = out.newScan().select("id").toList().stream().map(r -> r.getLong(0)).sorted().toList();
          List<Long> expected = new ArrayList<>();
          for (long i = 0; i < 45; i++) {
            expected.add(i);
          }
          assertThat(ids).isEqualTo(expected);
          assertThat(out.snapshot().transactionVersion(again.id())).hasValue(StreamCheckpoint.open(s3.store(), checkpoint)
              .latestCommittedBatch().getAsLong());
        }
      }
    }
  }

  private static StreamingQueryBuilder query(Table src, String sink, String checkpoint, Backend s3) {
    return StreamingQuery.from(TableSource.of(src).maxFilesPerTrigger(2)).toTable(sink, s3.options())
        .checkpointLocation(checkpoint, s3.options()).trigger(Trigger.availableNow());
  }
}
