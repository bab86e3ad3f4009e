package io.hoplink.router.logging;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Events that come in floods (a dead backend's errors, a flapping endpoint, misbehaving clients)
 * logged as one line per key at most once per interval, never with a stack trace: the first at
 * once; those that follow within the interval are held back and counted, and when it ends the
 * latest of them is logged. A line ends with {@code suppressed=N} when N events of its key since
 * the line before had no line of their own. A message is built only when it is logged.
 *
 * <p>At most {@link #MAX_KEYS} keys are remembered; past that, keys whose interval is over and
 * that hold nothing back are forgotten, and if none is, new keys share one overflow key.
 */
public final class RateLimitedLog {
  /** Keys remembered at most: an endpoint's address is a key, and endpoints come and go. */
  public static final int MAX_KEYS = 1024;
  static final String OVERFLOW_KEY = "(more keys than " + MAX_KEYS + ")";

  /** Runs a task once after a delay: a daemon thread, or by hand in a test. */
  @FunctionalInterface
  public interface Later {
    void run(long delayNanos, Runnable task);

    /** Never runs anything: a held-back count then shows on the key's next line. */
    Later NEVER = (delay, task) -> { };
  }

  private static final class Entry {
    long lastNanos;
    boolean logged;
    long heldBack;
    Level level;
    Supplier<String> latest;
    boolean flushScheduled;
  }

  private final Logger log;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Later later;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  public RateLimitedLog(Logger log, Duration interval, LongSupplier nanoTime, Later later) {
    this.log = requireNonNull(log, "log");
    this.intervalNanos = requireNonNull(interval, "interval").toNanos();
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    this.later = requireNonNull(later, "later");
    if (intervalNanos <= 0) {
      throw new IllegalArgumentException("interval: " + interval + " (expected: > 0)");
    }
  }

  /** The system clock, and a daemon thread that logs what was held back when an interval ends. */
  public static RateLimitedLog every(Logger log, Duration interval) {
    return new RateLimitedLog(log, interval, System::nanoTime, Flusher.LATER);
  }

  /** Logs {@code message} at {@code level} unless a line of {@code key} went out within the interval. */
  public void log(Level level, String key, Supplier<String> message) {
    requireNonNull(level, "level");
    requireNonNull(message, "message");
    Entry entry = entry(requireNonNull(key, "key"));
    String line;
    long delay = -1;
    synchronized (entry) {
      long now = nanoTime.getAsLong();
      if (entry.logged && now - entry.lastNanos < intervalNanos) {
        entry.heldBack++;
        entry.level = level;
        entry.latest = message;
        if (!entry.flushScheduled) {
          entry.flushScheduled = true;
          delay = entry.lastNanos + intervalNanos - now;
        }
        line = null;
      } else {
        line = withCount(message.get(), entry.heldBack);
        entry.logged = true;
        entry.lastNanos = now;
        entry.heldBack = 0;
        entry.latest = null;
      }
    }
    if (line != null) {
      log.log(level, line);
    } else if (delay >= 0) {
      later.run(delay, () -> flush(entry));
    }
  }

  /** The interval of {@code entry} is over: its latest held-back event gets its line. */
  private void flush(Entry entry) {
    String line = null;
    Level level;
    long again = -1;
    synchronized (entry) {
      level = entry.level;
      long now = nanoTime.getAsLong();
      if (entry.heldBack > 0 && now - entry.lastNanos < intervalNanos) {
        again = entry.lastNanos + intervalNanos - now; // a line went out since this was due
      } else if (entry.heldBack > 0 && entry.latest != null) {
        line = withCount(entry.latest.get(), entry.heldBack - 1);
        entry.lastNanos = now;
        entry.heldBack = 0;
        entry.latest = null;
      }
      entry.flushScheduled = again >= 0;
    }
    if (line != null) {
      log.log(level, line);
    } else if (again >= 0) {
      later.run(again, () -> flush(entry));
    }
  }

  private Entry entry(String key) {
    Entry entry = entries.get(key);
    if (entry != null) {
      return entry;
    }
    if (entries.size() >= MAX_KEYS) {
      long now = nanoTime.getAsLong();
      entries.values().removeIf(e -> {
        synchronized (e) {
          return e.heldBack == 0 && now - e.lastNanos >= intervalNanos;
        }
      });
      if (entries.size() >= MAX_KEYS) {
        return entries.computeIfAbsent(OVERFLOW_KEY, k -> new Entry());
      }
    }
    return entries.computeIfAbsent(key, k -> new Entry());
  }

  private static String withCount(String message, long suppressed) {
    return suppressed > 0 ? message + " suppressed=" + suppressed : message;
  }

  /** Keys remembered now, for tests. */
  int keys() {
    return entries.size();
  }

  /** One daemon thread for every rate-limited log of the process, made on first use. */
  private static final class Flusher {
    private static final ScheduledThreadPoolExecutor THREAD = thread();
    static final Later LATER = (delay, task) -> THREAD.schedule(task, delay, TimeUnit.NANOSECONDS);

    private static ScheduledThreadPoolExecutor thread() {
      ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "hoplink-log-flush");
        thread.setDaemon(true);
        return thread;
      });
      executor.setRemoveOnCancelPolicy(true);
      return executor;
    }
  }
}
