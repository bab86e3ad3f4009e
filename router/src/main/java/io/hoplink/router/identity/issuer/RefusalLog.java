package io.hoplink.router.identity.issuer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Refusals in the log: the first of each kind at once, then at most one line per kind and
 * interval, saying how many more there were. A flood of bad requests costs a few lines. The
 * kinds are the issuer's own few, so the map stays small.
 */
final class RefusalLog {
  private static final class Kind {
    long lastNanos;
    long folded;
  }

  private final Logger log;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Map<String, Kind> kinds = new ConcurrentHashMap<>();

  RefusalLog(Logger log, java.time.Duration interval, LongSupplier nanoTime) {
    this.log = log;
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
  }

  /** A request was refused: {@code kind} groups it, {@code line} says what happened. */
  void note(String kind, String line) {
    Kind seen = kinds.computeIfAbsent(kind, k -> new Kind());
    String out;
    synchronized (seen) {
      long now = nanoTime.getAsLong();
      if (seen.lastNanos != 0 && now - seen.lastNanos < intervalNanos) {
        seen.folded++;
        return;
      }
      out = "identity: refused (" + kind + "): " + line + (seen.folded > 0 ? " (and "
          + seen.folded + " more such since the last such line)" : "");
      seen.lastNanos = now == 0 ? 1 : now;
      seen.folded = 0;
    }
    log.warning(out);
  }
}
