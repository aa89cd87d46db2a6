package io.tidelake.table;

import io.tidelake.format.store.ObjectNotFoundException;
import io.tidelake.table.internal.TableContext;
import java.nio.charset.StandardCharsets;

/**
 * The claim that makes publish and discard of one staged commit exclusive: a file
 * {@code _delta_log/_tidelake_staged/<id>.<nonce>.claim} created with put-if-absent (the store's one
 * atomic primitive, the one commits rest on) holding {@code publish} or {@code discard}. Whoever creates
 * it decides what happens to the staged commit; the other operation is refused typed.
 *
 * <p><b>Rules.</b>
 * <ul>
 *   <li>Publish claims after its checks (expiry, audit) and before it looks for missing files and commits.
 *       A publish claim is shared: another publisher joins it, because publish is idempotent through its
 *       txn (two publishers commit once). Publish releases the claim only when it fails in a way every
 *       publisher of this staged commit would (a conflict with a commit in the log, files missing, the
 *       record gone); a crash or an unknown commit outcome keeps it.</li>
 *   <li>Discard claims before it deletes anything, and keeps the claim until the files and the record
 *       are gone; a discard claim is shared by other discarders (deleting twice is harmless). A publish
 *       refuses a staged commit with a discard claim: its files may already be partly deleted. So a
 *       published commit's files are never deleted by a discard, and a discarded one is never published.</li>
 *   <li>A crashed claimant never blocks forever: a crashed discard is finished by discarding again; a
 *       crashed publish is finished (or fails typed, releasing the claim) by publishing again, and once
 *       the staged commit has expired (publish refuses it) a discard overrides a publish claim.</li>
 * </ul>
 * The nonce in the name keeps a claim of an earlier staged commit with the same id from affecting it.
 */
final class StagedClaim {
  enum Kind { PUBLISH, DISCARD }

  /** The kind holding the claim, and whether this caller created it. */
  record Held(Kind kind, boolean created) {}

  private StagedClaim() {}

  static String path(String root, String id, Object nonce) {
    return StagedCommits.dir(root) + "/" + id + "." + nonce + ".claim";
  }

  /** Claims {@code kind}, or reports the kind another caller holds (then nothing was created). */
  static Held take(TableContext ctx, String id, Object nonce, Kind kind) {
    String path = path(ctx.root(), id, nonce);
    byte[] content = (kind.name().toLowerCase(java.util.Locale.ROOT) + " " + System.currentTimeMillis())
        .getBytes(StandardCharsets.UTF_8);
    for (int attempt = 0; ; attempt++) {
      if (ctx.store().putIfAbsent(path, content)) {
        return new Held(kind, true);
      }
      try {
        String held = new String(ctx.store().readAll(path), StandardCharsets.UTF_8);
        return new Held(held.startsWith("discard") ? Kind.DISCARD : Kind.PUBLISH, false);
      } catch (ObjectNotFoundException e) {
        if (attempt >= 10) {
          throw e; // released and re-taken over and over: give up rather than spin
        }
        // released between the two calls: try to take it again
      }
    }
  }

  /** Takes {@code kind} over a claim held by the other kind (discard of an expired staged commit). */
  static void override(TableContext ctx, String id, Object nonce, Kind kind) {
    ctx.store().put(path(ctx.root(), id, nonce), (kind.name().toLowerCase(java.util.Locale.ROOT) + " "
        + System.currentTimeMillis()).getBytes(StandardCharsets.UTF_8));
  }

  static void release(TableContext ctx, String id, Object nonce) {
    ctx.store().delete(path(ctx.root(), id, nonce));
  }
}
