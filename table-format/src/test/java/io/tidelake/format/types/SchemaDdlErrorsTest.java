package io.tidelake.format.types;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** An unknown type in DDL names the column it was given for, not the type word. */
class SchemaDdlErrorsTest {
  @Test
  void unknownTypeNamesTheColumn() {
    assertThatThrownBy(() -> SchemaDdl.parse("x int, y varchar"))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessageContaining("Unsupported data type 'varchar' for column 'y'");
    assertThatThrownBy(() -> SchemaDdl.parse("tags array<text>"))
        .hasMessageContaining("for column 'tags[]'");
    assertThatThrownBy(() -> SchemaDdl.parse("p struct<a: int, b: blob>"))
        .hasMessageContaining("for column 'b'");
  }
}
