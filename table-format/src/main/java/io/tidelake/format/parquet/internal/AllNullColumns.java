package io.tidelake.format.parquet.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Removes from a file schema the leaf columns that the footer proves null in every row (null count ==
 * value count in every row group), and groups left empty. Reading the pruned schema skips those column
 * chunks entirely and yields null for them.
 *
 * <p>Only for sparse files where "a struct whose fields are all null" may read as a null struct: Delta
 * checkpoints, where each row holds one action and every other action column is null. Leaves inside
 * lists and maps (repetition level above 0) are kept: there a null count cannot tell an empty list from
 * a null one.
 */
final class AllNullColumns {
  private AllNullColumns() {}

  static MessageType prune(MessageType file, ParquetFooter footer) {
    Set<List<String>> allNull = allNullLeaves(footer);
    if (allNull.isEmpty()) {
      return file;
    }
    List<Type> kept = prune(file, List.of(), allNull, file);
    return kept.isEmpty() ? new MessageType(file.getName(), List.of()) : new MessageType(file.getName(), kept);
  }

  /** Column paths as segment lists: field names may themselves contain dots ({@code stats_parsed.a.b}). */
  private static Set<List<String>> allNullLeaves(ParquetFooter footer) {
    List<RowGroup> blocks = footer.rowGroups();
    if (blocks.isEmpty()) {
      return Set.of();
    }
    Set<List<String>> candidates = null;
    for (RowGroup block : blocks) {
      Set<List<String>> inBlock = new HashSet<>();
      for (ColumnChunk c : block.getColumns()) {
        if (ParquetFooter.allNull(c)) {
          inBlock.add(List.copyOf(c.getMeta_data().getPath_in_schema()));
        }
      }
      if (candidates == null) {
        candidates = inBlock;
      } else {
        candidates.retainAll(inBlock);
      }
    }
    return candidates;
  }

  private static List<Type> prune(GroupType group, List<String> prefix, Set<List<String>> allNull, MessageType root) {
    List<Type> out = new ArrayList<>();
    for (Type t : group.getFields()) {
      List<String> path = new ArrayList<>(prefix);
      path.add(t.getName());
      if (t.isPrimitive()) {
        boolean repeated = root.getMaxRepetitionLevel(path.toArray(String[]::new)) > 0;
        if (repeated || !allNull.contains(path)) {
          out.add(t);
        }
      } else if (t.asGroupType().getLogicalTypeAnnotation() != null || t.isRepetition(Type.Repetition.REPEATED)) {
        out.add(t); // LIST / MAP / legacy repeated groups: kept whole
      } else {
        List<Type> inner = prune(t.asGroupType(), path, allNull, root);
        if (!inner.isEmpty()) {
          out.add(inner.size() == t.asGroupType().getFieldCount() ? t : t.asGroupType().withNewFields(inner));
        }
      }
    }
    return out;
  }
}
