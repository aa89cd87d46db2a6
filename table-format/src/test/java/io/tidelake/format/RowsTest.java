package io.tidelake.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowsTest {
  private static final StructType SCHEMA = SchemaDdl.parse("id long not null, day date, price decimal(5,2), note string");

  @Test
  void parsesTextByColumnTypeAndLeavesMissingColumnsNull() {
    Row r = Rows.parse(SCHEMA, Map.of("id", "7", "day", "2025-01-31", "price", "1.5"));
    assertThat(r).isEqualTo(Row.of(SCHEMA, 7L, LocalDate.of(2025, 1, 31), new BigDecimal("1.50"), null));
  }

  @Test
  void unknownColumnsAndBadTextNameTheColumn() {
    assertThatThrownBy(() -> Rows.parse(SCHEMA, Map.of("nope", "1")))
        .isInstanceOf(SchemaViolationException.class).hasMessageContaining("'nope'");
    assertThatThrownBy(() -> Rows.parse(SCHEMA, Map.of("id", "x")))
        .isInstanceOf(SchemaViolationException.class).hasMessageContaining("'id'").hasMessageContaining("'x'");
  }
}
