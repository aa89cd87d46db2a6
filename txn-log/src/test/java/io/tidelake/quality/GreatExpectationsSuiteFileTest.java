package io.tidelake.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Suite files as Great Expectations 0.18 and GX 1.x write them, loaded and evaluated unchanged. */
class GreatExpectationsSuiteFileTest {
  static final StructType SCHEMA = SchemaDdl.parse("id long, country string, amount double, email string");

  static String resource(String name) throws IOException {
    try (InputStream in = GreatExpectationsSuiteFileTest.class.getResourceAsStream("/quality/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** 20 orders; one refund (amount -5), one bad email, one country outside the set. */
  static List<Row> orders() {
    List<Row> out = new ArrayList<>();
    for (long i = 1; i <= 20; i++) {
      out.add(Row.of(SCHEMA, i, i == 4 ? "US" : (i % 2 == 0 ? "DE" : "FR"), i == 9 ? -5.0 : i * 5.0,
          i == 11 ? "nobody" : "c" + i + "@shop.example"));
    }
    return out;
  }

  @Test
  void ge018SuiteLoadsAndEvaluates() throws IOException {
    ExpectationSuite suite = ExpectationSuite.fromJson(resource("ge-0.18-orders.json"));
    assertEquals("orders.warning", suite.name());
    assertEquals(8, suite.expectations().size());
    SuiteResult r = suite.bind(SCHEMA).evaluate(orders());
    assertEquals(8, r.results().size());
    // only the in_set expectation fails (US); between passes with mostly 0.9 (1 of 20 out)
    List<String> failed = r.results().stream().filter(x -> !x.success()).map(x -> x.expectation().type()).toList();
    assertEquals(List.of("expect_column_values_to_be_in_set"), failed);
    ExpectationResult between = r.results().get(3);
    assertEquals(1L, between.unexpectedCount());
    assertEquals(List.of(-5.0), between.result().get("partial_unexpected_list"));
    assertTrue(r.blocked());
    assertEquals(7L, r.statistics().get("successful_expectations"));
    // the stored JSON round-trips
    SuiteResult back = SuiteResult.fromJson(r.toJson());
    assertEquals(r.toJson(), back.toJson());
  }

  @Test
  void gx1SuiteLoadsWithOnFailureInMeta() throws IOException {
    ExpectationSuite suite = ExpectationSuite.fromJson(resource("gx-1.x-orders.json"));
    assertEquals("orders_suite", suite.name());
    BoundSuite bound = suite.bind(SCHEMA);
    assertTrue(bound.quarantines());
    SuiteAudit audit = bound.newAudit();
    List<Long> quarantined = new ArrayList<>();
    for (Row row : orders()) {
      if (!audit.accept(row).isEmpty()) {
        quarantined.add(row.getLong("id"));
      }
    }
    SuiteResult r = audit.finish();
    assertEquals(List.of(9L), quarantined); // the refund is outside 0..100
    assertEquals(1L, r.quarantinedRows());
    assertFalse(r.results().get(3).success()); // US: in_set fails, and it blocks (on_failure defaults to fail)
    assertTrue(r.blocked());
  }

  @Test
  void gx1ArgumentsAsFieldsAreAccepted() {
    String json = "{\"name\":\"s\",\"expectations\":[{\"type\":\"expect_column_values_to_be_between\","
        + "\"column\":\"amount\",\"min_value\":0,\"max_value\":100,\"mostly\":0.95,\"id\":\"x\"}]}";
    SuiteResult r = ExpectationSuite.fromJson(json).bind(SCHEMA).evaluate(orders());
    assertTrue(r.success()); // 19/20 = 0.95 exactly: mostly is inclusive
  }
}
