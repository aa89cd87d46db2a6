package io.tidelake.table.internal.commit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidelake.table.ConflictException;
import io.tidelake.table.ConflictException.Kind;
import io.tidelake.table.actions.Action;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.DomainMetadata;
import io.tidelake.table.actions.Format;
import io.tidelake.table.actions.Metadata;
import io.tidelake.table.actions.Protocol;
import io.tidelake.table.actions.RemoveFile;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules the Table API cannot provoke on its own (metadata, protocol, domains, delete-delete). */
class ConflictCheckerTest {
  static final AddFile F = AddFile.of("a.parquet", Map.of(), 10, 1, true, null);
  static final ReadSet BLIND = ReadSet.blindAppend(5, Set.of());
  static final ConflictChecker.Isolation SER = ConflictChecker.Isolation.SERIALIZABLE;

  private static Kind kind(ReadSet r, List<Action> ours, List<Action> winner) {
    try {
      ConflictChecker.check(r, ours, winner, 6, SER);
      return null;
    } catch (ConflictException e) {
      return e.kind();
    }
  }

  @Test
  void protocolChangeConflictsEvenWithBlindAppends() {
    assertThatThrownBy(() -> ConflictChecker.check(BLIND, List.of(F), List.of(new Protocol(1, 2)), 6, SER))
        .isInstanceOfSatisfying(ConflictException.class, e -> org.assertj.core.api.Assertions.assertThat(e.kind())
            .isEqualTo(Kind.PROTOCOL_CHANGED));
  }

  @Test
  void metadataChangeConflictsEvenWithBlindAppends() {
    Metadata md = new Metadata("id", null, null, new Format("parquet", Map.of()), "{}", List.of(), Map.of(), 1L);
    org.assertj.core.api.Assertions.assertThat(kind(BLIND, List.of(F), List.of(md))).isEqualTo(Kind.METADATA_CHANGED);
  }

  @Test
  void sameDomainConflictsOtherDomainDoesNot() {
    DomainMetadata mine = new DomainMetadata("app.x", "{}", false);
    org.assertj.core.api.Assertions.assertThat(kind(BLIND, List.of(mine), List.of(new DomainMetadata("app.x", "{1}", false))))
        .isEqualTo(Kind.CONCURRENT_DOMAIN);
    org.assertj.core.api.Assertions.assertThat(kind(BLIND, List.of(mine), List.of(new DomainMetadata("app.y", "{}", false))))
        .isNull();
  }

  @Test
  void deleteDeleteOfTheSameFile() {
    RemoveFile r = F.toRemove(1, false); // e.g. two compactions, neither recorded the file as read
    org.assertj.core.api.Assertions.assertThat(kind(BLIND, List.of(r), List.of(F.toRemove(2, false))))
        .isEqualTo(Kind.CONCURRENT_DELETE_DELETE);
  }

  @Test
  void compactionRemoveOfUnreadFileDoesNotConflictWithWholeTableReaderWhenDataUnchanged() {
    ReadSet whole = new ReadSet(5, true, null, Set.of(), Set.of());
    assertThatCode(() -> ConflictChecker.check(whole, List.of(), List.of(F.toRemove(2, false)), 6, SER))
        .doesNotThrowAnyException();
    org.assertj.core.api.Assertions.assertThat(kind(whole, List.of(), List.of(F.toRemove(2, true))))
        .isEqualTo(Kind.CONCURRENT_DELETE_READ);
  }

  @Test
  void dataChangeFreeAddsDoNotCountAsAppends() {
    ReadSet whole = new ReadSet(5, true, null, Set.of(), Set.of());
    org.assertj.core.api.Assertions.assertThat(kind(whole, List.of(), List.of(F.withDataChange(false)))).isNull();
    org.assertj.core.api.Assertions.assertThat(kind(whole, List.of(), List.of(F))).isEqualTo(Kind.CONCURRENT_APPEND);
  }
}
