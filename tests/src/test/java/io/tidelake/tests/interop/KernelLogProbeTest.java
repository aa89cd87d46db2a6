package io.tidelake.tests.interop;

import io.tidelake.format.Row;
import io.tidelake.format.types.SchemaDdl;
import io.tidelake.format.types.StructType;
import io.tidelake.table.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelLogProbeTest {
  @TempDir Path dir;
  static final StructType S = SchemaDdl.parse("id long");

  Path make(String name, int commits) {
    Path p = dir.resolve(name);
    Table t = Table.create(p.toString()).schema(S).create();
    for (int i = 1; i < commits; i++) {
      t.newAppend().addRows(List.of(Row.of(S, (long) i))).commit();
    }
    t.checkpoint();
    return p;
  }

  void probe(String what, Path p) {
    try {
      Kernel.Read r = Kernel.read(p.toString());
      System.out.println("PROBE " + what + ": Kernel OK version=" + r.version() + " rows=" + r.lines().size());
    } catch (Throwable e) {
      System.out.println("PROBE " + what + ": Kernel FAIL " + e.getClass().getName() + ": " + e.getMessage());
    }
    try {
      Table t = Table.open(p.toString());
      System.out.println("PROBE " + what + ": Tidelake OK version=" + t.snapshot().version() + " rows=" + t.newScan().count());
    } catch (Throwable e) {
      System.out.println("PROBE " + what + ": Tidelake FAIL " + e.getClass().getName() + ": " + e.getMessage());
    }
  }

  @Test
  void probeAll() throws Exception {
    Path a = make("a", 4); // commits 0..3, checkpoint 3
    Files.delete(a.resolve("_delta_log/00000000000000000003.json"));
    probe("checkpoint3-no-3json", a);
    Path b = make("b", 4);
    Files.delete(b.resolve("_delta_log/00000000000000000003.json"));
    Files.delete(b.resolve("_delta_log/_last_checkpoint"));
    probe("checkpoint3-no-3json-no-lastcp", b);
    Path c = make("c", 4);
    Path cp = c.resolve("_delta_log/00000000000000000003.checkpoint.parquet");
    byte[] bytes = Files.readAllBytes(cp);
    Files.write(cp, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    probe("truncated-checkpoint-with-jsons", c);
    Path d = make("d", 4);
    cp = d.resolve("_delta_log/00000000000000000003.checkpoint.parquet");
    bytes = Files.readAllBytes(cp);
    for (int i = 100; i < bytes.length - 100; i += 7) bytes[i] ^= 0x5A;
    Files.write(cp, bytes);
    probe("garbled-checkpoint-with-jsons", d);
    Path e = make("e", 4);
    Files.writeString(e.resolve("_delta_log/_last_checkpoint"), "{garbage");
    probe("garbled-lastcp", e);
    Path f = make("f", 4);
    cp = f.resolve("_delta_log/00000000000000000003.checkpoint.parquet");
    bytes = Files.readAllBytes(cp);
    Files.write(cp, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    for (int i = 0; i < 3; i++) Files.delete(f.resolve("_delta_log/0000000000000000000" + i + ".json"));
    probe("truncated-checkpoint-no-jsons", f);
    Path g = make("g", 4);
    Files.copy(g.resolve("_delta_log/00000000000000000003.checkpoint.parquet"), g.resolve("_delta_log/00000000000000000005.checkpoint.parquet"));
    probe("checkpoint5-commits-to-3", g);
    Files.delete(g.resolve("_delta_log/_last_checkpoint"));
    probe("checkpoint5-commits-to-3-nolastcp", g);
    Path h = make("h", 4);
    Table th = Table.open(h.toString());
    th.newAppend().addRows(List.of(Row.of(S, 9L))).commit();
    for (int i = 0; i < 4; i++) Files.delete(h.resolve("_delta_log/0000000000000000000" + i + ".json"));
    try {
      System.out.println("PROBE tt3-cleaned: Kernel version=" + Kernel.read(h.toString(), 3).version());
    } catch (Throwable x) {
      System.out.println("PROBE tt3-cleaned: Kernel FAIL " + x.getMessage());
    }
    probe("latest-after-cleaned", h);
  }
}
