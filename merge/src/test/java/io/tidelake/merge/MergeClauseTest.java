package io.tidelake.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.merge.MergeClause.Action;
import io.tidelake.merge.MergeClause.Kind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** delta-spark's clause SQL: the frame is split at the right THEN and commas, and renders back the same. */
class MergeClauseTest {
  @Test
  void conditionsWithCaseAndQuotedThenAreKeptWhole() {
    MergeClause c = MergeClause.parse(
        "when matched and CASE WHEN s.op = 'THEN' THEN true ELSE t.x > 1 END then update set a = coalesce(s.a, 0), "
            + "b = concat(s.b, ',', 'x = y')");
    assertThat(c.kind()).isEqualTo(Kind.MATCHED);
    assertThat(c.condition()).isEqualTo("CASE WHEN s.op = 'THEN' THEN true ELSE t.x > 1 END");
    assertThat(c.action()).isEqualTo(Action.UPDATE);
    assertThat(c.assignments()).containsExactly(Map.entry("a", "coalesce(s.a, 0)"),
        Map.entry("b", "concat(s.b, ',', 'x = y')"));
    assertThat(MergeClause.parse(c.toSql())).isEqualTo(c);
  }

  @Test
  void everyForm() {
    assertThat(MergeClause.parse("NOT MATCHED BY TARGET THEN INSERT *").star()).isTrue();
    MergeClause ins = MergeClause.parse("NOT MATCHED AND s.x > 0 THEN INSERT (id, `odd name`) VALUES (s.id, f(1, 2))");
    assertThat(ins.assignments()).containsExactly(Map.entry("id", "s.id"), Map.entry("`odd name`", "f(1, 2)"));
    MergeClause bySource = MergeClause.parse("NOT MATCHED BY SOURCE AND t.d < DATE '2024-01-01' THEN DELETE");
    assertThat(bySource.kind()).isEqualTo(Kind.NOT_MATCHED_BY_SOURCE);
    assertThat(bySource.condition()).isEqualTo("t.d < DATE '2024-01-01'");
    assertThat(MergeClause.parse("MATCHED THEN UPDATE SET *").toSql()).isEqualTo("MATCHED THEN UPDATE SET *");
  }
}
