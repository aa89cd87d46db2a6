package io.tidelake.table.internal.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IntervalParserTest {
  static final long DAY = 86_400_000L;

  @Test
  void parsesDeltaIntervalsIncludingSeveralUnits() {
    assertThat(IntervalParser.toMillis("interval 7 days", -1)).isEqualTo(7 * DAY);
    assertThat(IntervalParser.toMillis("interval 1 week 2 days", -1)).isEqualTo(9 * DAY);
    assertThat(IntervalParser.toMillis("30 days", -1)).isEqualTo(30 * DAY);
    assertThat(IntervalParser.toMillis("interval 1 hour 30 minutes", -1)).isEqualTo(5_400_000L);
  }

  @Test
  void unparseableTextGivesTheFallback() {
    assertThat(IntervalParser.toMillis("interval seven days", -1)).isEqualTo(-1);
    assertThat(IntervalParser.toMillis("interval 7 fortnights", -1)).isEqualTo(-1);
    assertThat(IntervalParser.toMillis("interval 7", -1)).isEqualTo(-1);
  }
}
