package io.tidelake.table.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tidelake.table.CorruptLogException;
import io.tidelake.table.actions.AddFile;
import io.tidelake.table.actions.Metadata;
import io.tidelake.table.actions.Protocol;
import io.tidelake.table.actions.RemoveFile;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ActionCodecLenienceAndErrorsTest {
  private static final String FILE = "_delta_log/00000000000000000003.json";
  private static final String GOOD_ADD =
      "{\"add\":{\"path\":\"a\",\"partitionValues\":{},\"size\":1,\"modificationTime\":2,\"dataChange\":true}}";

  private final ActionCodec codec = ActionCodec.INSTANCE;

  private CorruptLogException secondLineFails(String badLine) {
    byte[] commit = (GOOD_ADD + "\n" + badLine + "\n" + GOOD_ADD + "\n").getBytes(StandardCharsets.UTF_8);
    return catchThrowableOfType(CorruptLogException.class, () -> codec.parseCommit(commit, FILE));
  }

  @Test
  void unknownActionsAndBlankLinesAreIgnored() {
    assertThat(codec.parseLine("{\"some_new_action\":{\"a\":[1,{\"b\":null}],\"c\":\"d\"}}")).isNull();
    assertThat(codec.parseLine("{\"some_new_action\":null}")).isNull();
    assertThat(codec.parseLine("{}")).isNull();
    assertThat(codec.parseLine("   ")).isNull();
    assertThat(codec.parseLine("")).isNull();
    byte[] commit = ("{\"some_new_action\":{\"x\":1}}\n" + GOOD_ADD + "\n").getBytes(StandardCharsets.UTF_8);
    assertThat(codec.parseCommit(commit, FILE)).hasSize(1).first().isInstanceOf(AddFile.class);
  }

  @Test
  void unknownFieldsInsideKnownActionsAreSkippedWhateverTheirShape() {
    String line =
        "{\"future\":{\"deep\":[1,2,{\"x\":[]}]},\"add\":{\"newField\":{\"a\":{\"b\":[1,2]}},\"path\":\"a\","
            + "\"partitionValues\":{\"p\":null},\"newList\":[[],{}],\"size\":1,\"modificationTime\":2,"
            + "\"dataChange\":true,\"deletionVector\":{\"storageType\":\"u\",\"pathOrInlineDv\":\"x\","
            + "\"sizeInBytes\":3,\"cardinality\":4,\"compression\":\"zstd\"},\"newScalar\":7}}";

    AddFile add = (AddFile) codec.parseLine(line);

    assertThat(add.path()).isEqualTo("a");
    assertThat(add.partitionValues()).containsEntry("p", null);
    assertThat(add.deletionVector().cardinality()).isEqualTo(4);
    assertThat(add.deletionVector().offset()).isNull();
  }

  @Test
  void numbersAreAcceptedInEveryIntegralFormAndEmptyPartitionStringsAreKept() {
    String line =
        "{\"add\":{\"path\":\"a\",\"partitionValues\":{\"p\":\"\",\"n\":5},\"size\":1.944E3,"
            + "\"modificationTime\":\"1636147668000\",\"dataChange\":false}}";

    AddFile add = (AddFile) codec.parseLine(line);

    assertThat(add.size()).isEqualTo(1944);
    assertThat(add.modificationTime()).isEqualTo(1636147668000L);
    assertThat(add.partitionValues()).containsEntry("p", "").containsEntry("n", "5");
  }

  @Test
  void delta_sparkDefaultsApplyToFieldsItDefaults() {
    RemoveFile remove = (RemoveFile) codec.parseLine("{\"remove\":{\"path\":\"x\"}}");
    assertThat(remove.dataChange()).isTrue();
    assertThat(remove.deletionTimestamp()).isNull();

    Metadata m = (Metadata) codec.parseLine("{\"metaData\":{\"id\":\"i\"}}");
    assertThat(m.format().provider()).isEqualTo("parquet");
    assertThat(m.partitionColumns()).isEmpty();
    assertThat(m.schemaString()).isNull();
  }

  @Test
  void missingRequiredFieldNamesTheFileTheLineAndTheField() {
    CorruptLogException e =
        secondLineFails("{\"add\":{\"partitionValues\":{},\"size\":1,\"modificationTime\":2,\"dataChange\":true}}");

    assertThat(e.getFile()).isEqualTo(FILE);
    assertThat(e.getLine()).isEqualTo(2);
    assertThat(e)
        .hasMessage(
            "Corrupt Delta log file _delta_log/00000000000000000003.json line 2: add action is missing"
                + " required field 'path'. The commit is unreadable; restore the file from a backup or"
                + " remove the table's newer versions.");
  }

  @Test
  void truncatedLineIsCorruptAndSaysWhere() {
    CorruptLogException e = secondLineFails("{\"add\":{\"path\":\"a\",\"partitionValues\":{},\"si");

    assertThat(e.getLine()).isEqualTo(2);
    assertThat(e.getMessage())
        .startsWith("Corrupt Delta log file " + FILE + " line 2: invalid JSON")
        .contains("end-of-input")
        .doesNotContain("Source:")
        .endsWith("remove the table's newer versions.");
  }

  @Test
  void truncatedLastLineWithoutNewlineIsCorrupt() {
    byte[] commit = (GOOD_ADD + "\n{\"remove\":{\"path\":").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> codec.parseCommit(commit, FILE))
        .isInstanceOf(CorruptLogException.class)
        .hasMessageContaining("line 2: invalid JSON");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "this is not json",
        "\u0000\u0001garbage",
        "[{\"add\":{}}]",
        "\"add\"",
        "{\"add\":{\"path\":\"a\"}} {\"remove\":{\"path\":\"b\"}}",
        "{\"add\":null}",
        "{\"add\":[1]}",
        "{\"protocol\":{\"minReaderVersion\":1}}",
      })
  void garbageAndWrongShapesAreCorrupt(String line) {
    CorruptLogException e = secondLineFails(line);

    assertThat(e).isNotNull();
    assertThat(e.getLine()).isEqualTo(2);
    assertThat(e.getMessage()).startsWith("Corrupt Delta log file " + FILE + " line 2: ");
  }

  @Test
  void wrongTokenTypesNameTheField() {
    assertThat(secondLineFails(GOOD_ADD.replace("\"size\":1", "\"size\":true")))
        .hasMessageContaining("field 'add.size' must be a number, found a boolean");
    assertThat(secondLineFails(GOOD_ADD.replace("\"size\":1", "\"size\":\"big\"")))
        .hasMessageContaining("field 'add.size' must be a number");
    assertThat(secondLineFails(GOOD_ADD.replace("\"size\":1", "\"size\":1.5")))
        .hasMessageContaining("'add.size' must be an integer");
    assertThat(secondLineFails(GOOD_ADD.replace("\"size\":1", "\"size\":99999999999999999999")))
        .hasMessageContaining("out of range");
    assertThat(secondLineFails(GOOD_ADD.replace("\"path\":\"a\"", "\"path\":7")))
        .hasMessageContaining("field 'add.path' must be a string, found a number");
    assertThat(secondLineFails(GOOD_ADD.replace("{}", "{\"p\":[\"x\"]}")))
        .hasMessageContaining("field 'add.partitionValues.p' must be a string, found an array");
    assertThat(secondLineFails(GOOD_ADD.replace("\"dataChange\":true", "\"dataChange\":\"yes\"")))
        .hasMessageContaining("field 'add.dataChange' must be true or false");
    assertThat(secondLineFails("{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":2,\"readerFeatures\":[null]}}"))
        .hasMessageContaining("protocol.readerFeatures[0]");
    assertThat(secondLineFails("{\"protocol\":{\"minReaderVersion\":0,\"minWriterVersion\":2}}"))
        .hasMessageContaining("invalid action: protocol versions start at 1");
  }

  @Test
  void contentAfterTheActionObjectIsCorrupt() {
    assertThat(secondLineFails(GOOD_ADD + " {\"remove\":{\"path\":\"b\"}}"))
        .hasMessageContaining("line 2: found an object after the action object");
    assertThat(secondLineFails(GOOD_ADD + "}")).hasMessageContaining("line 2: invalid JSON");
  }

  @Test
  void twoActionsOnOneLineAreCorrupt() {
    assertThat(secondLineFails("{\"remove\":{\"path\":\"a\"},\"add\":{\"path\":\"b\",\"size\":1,"
            + "\"modificationTime\":2,\"dataChange\":true}}"))
        .hasMessageContaining("two actions, 'remove' and 'add'");
  }

  @Test
  void missingFieldOfANestedStructNamesTheStruct() {
    assertThat(secondLineFails(GOOD_ADD.replace("\"dataChange\":true",
            "\"dataChange\":true,\"deletionVector\":{\"storageType\":\"u\",\"pathOrInlineDv\":\"x\",\"sizeInBytes\":1}")))
        .hasMessageContaining("add.deletionVector is missing required field 'cardinality'");
  }

  @Test
  void invalidUtf8IsCorrupt() {
    byte[] bad = {'{', '"', 'a', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
    assertThatThrownBy(() -> codec.parseCommit(bad, FILE))
        .isInstanceOf(CorruptLogException.class)
        .hasMessageContaining("line 1");
  }

  @Test
  void parseLineWithoutContextStillExplains() {
    assertThatThrownBy(() -> codec.parseLine("{\"txn\":{\"version\":1}}"))
        .isInstanceOf(CorruptLogException.class)
        .hasMessageStartingWith("Corrupt Delta log line: txn action is missing required field 'appId'.");
    CorruptLogException e =
        catchThrowableOfType(CorruptLogException.class, () -> codec.parseLine("{", "f.json", 9));
    assertThat(e.getFile()).isEqualTo("f.json");
    assertThat(e.getLine()).isEqualTo(9);
  }

  @Test
  void corruptCheckpointGetsCheckpointAdvice() {
    byte[] bad = "{\"checkpointMetadata\":{}}\n".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> codec.parseCommit(bad, "_delta_log/00000000000000000002.checkpoint.u.json"))
        .isInstanceOf(CorruptLogException.class)
        .hasMessageContaining("checkpointMetadata action is missing required field 'version'")
        .hasMessageContaining("The checkpoint is unreadable");
  }

  @Test
  void jsonNullForOptionalFieldsMeansAbsent() {
    AddFile add = (AddFile) codec.parseLine(GOOD_ADD.replace("\"dataChange\":true",
        "\"dataChange\":true,\"stats\":null,\"tags\":null,\"deletionVector\":null,\"baseRowId\":null"));
    assertThat(add).isEqualTo(AddFile.of("a", Map.of(), 1, 2, true, null));
    Protocol p = (Protocol) codec.parseLine(
        "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":2,\"readerFeatures\":null}}");
    assertThat(p.readerFeatures()).isNull();
  }
}
