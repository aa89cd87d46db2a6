package io.tidelake.format.expr;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import java.util.HashMap;
import java.util.Map;

/** One schema with a column of each kind, and helpers to evaluate text on a row of it. */
final class ExprFixtures {
  static final StructType SCHEMA = SchemaDdl.parse("id long, i int, s short, b byte, amount double, f float,"
      + " price decimal(10,2), qty int, country string, d date, ts timestamp, ntz timestamp_ntz, flag boolean,"
      + " bin binary, addr struct<city:string,zip:int>");

  private ExprFixtures() {}

  /** A row from name/value pairs; other columns are NULL. */
  static Row row(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return Row.fromMap(SCHEMA, m);
  }

  static Object eval(String text, Object... kv) {
    return Expressions.parse(text, SCHEMA).eval(row(kv));
  }
}
