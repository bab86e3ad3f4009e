package io.hoplink.router.forward;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What misbehaving clients do to connections (resets, protocol errors, garbage), logged as one
 * line per kind of trouble at most once per interval, with how many more there were, and never
 * with a stack trace: a flood of bad peers costs a few lines, not a full disk.
 */
final class PeerNotes {
  private static final class Kind {
    long lastNanos;
    boolean logged;
    long folded;
  }

  private final Logger log;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Map<String, Kind> kinds = new ConcurrentHashMap<>();

  PeerNotes(Logger log, long interval, TimeUnit unit, LongSupplier nanoTime) {
    this.log = log;
    this.intervalNanos = unit.toNanos(interval);
    this.nanoTime = nanoTime;
  }

  /** A connection of {@code where} failed with {@code cause}. */
  void note(String where, Throwable cause) {
    String kind = cause.getClass().getSimpleName();
    Kind seen = kinds.computeIfAbsent(where + " " + kind, k -> new Kind());
    String line;
    synchronized (seen) {
      long now = nanoTime.getAsLong();
      if (seen.logged && now - seen.lastNanos < intervalNanos) {
        seen.folded++;
        return;
      }
      line = where + ": " + kind + ": " + oneLine(cause.getMessage())
          + (seen.folded > 0 ? " (and " + seen.folded + " more since the last such line)" : "");
      seen.logged = true;
      seen.lastNanos = now;
      seen.folded = 0;
    }
    log.log(Level.INFO, line);
  }

  private static String oneLine(String message) {
    return message == null ? "" : RouterError.singleLine(message);
  }
}
