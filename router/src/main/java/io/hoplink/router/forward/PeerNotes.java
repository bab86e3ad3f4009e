package io.hoplink.router.forward;

import io.hoplink.router.logging.RateLimitedLog;
import java.time.Duration;
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
  private final RateLimitedLog log;

  /** Held-back notes show on the next line of their kind (tests). */
  PeerNotes(Logger log, long interval, TimeUnit unit, LongSupplier nanoTime) {
    this(new RateLimitedLog(log, Duration.ofNanos(unit.toNanos(interval)), nanoTime,
        RateLimitedLog.Later.NEVER));
  }

  PeerNotes(RateLimitedLog log) {
    this.log = log;
  }

  /** A connection of {@code where} failed with {@code cause}. */
  void note(String where, Throwable cause) {
    String kind = cause.getClass().getSimpleName();
    log.log(Level.INFO, where + " " + kind, () -> where + ": " + kind + ": "
        + oneLine(cause.getMessage()));
  }

  private static String oneLine(String message) {
    return message == null ? "" : RouterError.singleLine(message);
  }
}
