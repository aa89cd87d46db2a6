package io.tidelake.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The txn application id {@code tide write --quarantine} uses when none is given: a SHA-256 of the input
 * file's bytes and of what the write does with them (target, mode, replaceWhere). A write-audit-publish
 * with quarantine makes two commits (quarantine table, then target); with the same txn on both, a re-run
 * after a crash between them skips the quarantine commit and makes the target's, so each row lands once
 * in one table. The price: writing a file with the same content to the same target again is skipped
 * (pass --txn-app/--txn-version for that). Stdin cannot be hashed before it is read, so it needs an
 * explicit txn.
 */
final class DerivedTxn {
  private DerivedTxn() {}

  static String forInput(String input, String target, String mode, String replaceWhere) {
    if (input.equals("-")) {
      throw new CliException("--quarantine reading stdin needs --txn-app ID --txn-version N: the quarantine and "
          + "the target commit carry that txn, so a re-run after a crash between them neither loses nor duplicates"
          + " rows (for a file the txn is derived from its content).");
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      try (InputStream in = Files.newInputStream(Path.of(input))) {
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
          sha.update(buf, 0, n);
        }
      }
      for (String part : new String[] {target, mode, replaceWhere == null ? "" : replaceWhere}) {
        sha.update((byte) 0);
        sha.update(part.getBytes(StandardCharsets.UTF_8));
      }
      return "tide-write." + HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (IOException e) {
      throw new CliException("Cannot read input " + input + ": " + e.getMessage());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
