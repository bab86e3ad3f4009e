package io.hoplink.router.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** At most one line per key and interval; what was held back is counted and its latest logged. */
class RateLimitedLogTest {
  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final AtomicLong now = new AtomicLong(5_000_000_000L);
  /** Tasks scheduled by the log, with when they are due; run by {@link #advance}. */
  private final List<long[]> due = new ArrayList<>();
  private final List<Runnable> tasks = new ArrayList<>();

  private RateLimitedLog log() {
    Logger logger = Logger.getLogger("hoplink.test.ratelimited." + System.nanoTime());
    logger.setUseParentHandlers(false);
    logger.setLevel(Level.ALL);
    logger.addHandler(new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    });
    return new RateLimitedLog(logger, TEN_SECONDS, now::get, (delay, task) -> {
      due.add(new long[] {now.get() + delay});
      tasks.add(task);
    });
  }

  /** Moves the clock and runs the tasks that are due by then, in order. */
  private void advance(Duration by) {
    now.addAndGet(by.toNanos());
    for (int i = 0; i < tasks.size(); i++) {
      if (due.get(i)[0] <= now.get()) {
        Runnable task = tasks.remove(i);
        due.remove(i);
        task.run();
        i = -1;
      }
    }
  }

  private List<String> lines() {
    return records.stream().map(LogRecord::getMessage).toList();
  }

  @Test
  void aFloodIsTheFirstLineAtOnceThenTheLatestWhenTheIntervalEnds() {
    RateLimitedLog log = log();
    AtomicInteger built = new AtomicInteger();
    for (int i = 1; i <= 100; i++) {
      int n = i;
      log.log(Level.WARNING, "upstream 10.0.0.1:80", () -> {
        built.incrementAndGet();
        return "upstream error n=" + n;
      });
    }
    assertEquals(List.of("upstream error n=1"), lines());
    advance(Duration.ofSeconds(9));
    assertEquals(1, records.size(), "nothing before the interval ends");
    advance(Duration.ofSeconds(1));
    assertEquals(List.of("upstream error n=1", "upstream error n=100 suppressed=98"), lines());
    assertEquals(Level.WARNING, records.get(1).getLevel());
    assertEquals(2, built.get(), "messages are built only for the lines logged");
  }

  @Test
  void aLoneEventAfterQuietGoesOutAtOnceAndAHeldBackOneIsNotLoggedTwice() {
    RateLimitedLog log = log();
    log.log(Level.INFO, "k", () -> "a");
    log.log(Level.INFO, "k", () -> "b");
    advance(Duration.ofSeconds(10));
    advance(Duration.ofSeconds(30));
    log.log(Level.INFO, "k", () -> "c");
    advance(Duration.ofSeconds(30));
    assertEquals(List.of("a", "b", "c"), lines());
  }

  @Test
  void withoutATimerTheCountShowsOnTheNextLineOfItsKey() {
    Logger logger = Logger.getLogger("hoplink.test.ratelimited.never." + System.nanoTime());
    logger.setUseParentHandlers(false);
    logger.setLevel(Level.ALL);
    List<String> out = new ArrayList<>();
    logger.addHandler(new Handler() {
      @Override
      public void publish(LogRecord record) {
        out.add(record.getMessage());
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    });
    RateLimitedLog log = new RateLimitedLog(logger, TEN_SECONDS, now::get,
        RateLimitedLog.Later.NEVER);
    for (int i = 0; i < 5; i++) {
      log.log(Level.INFO, "k", () -> "x");
    }
    now.addAndGet(TEN_SECONDS.toNanos());
    log.log(Level.INFO, "k", () -> "y");
    assertEquals(List.of("x", "y suppressed=4"), out);
  }

  @Test
  void eachKeyHasItsOwnInterval() {
    RateLimitedLog log = log();
    log.log(Level.INFO, "a", () -> "a1");
    log.log(Level.INFO, "b", () -> "b1");
    log.log(Level.INFO, "a", () -> "a2");
    assertEquals(List.of("a1", "b1"), lines());
  }

  @Test
  void keysAreBoundedAndQuietOnesAreForgotten() {
    RateLimitedLog log = log();
    for (int i = 0; i < RateLimitedLog.MAX_KEYS; i++) {
      int n = i;
      log.log(Level.INFO, "key" + i, () -> "line" + n);
    }
    log.log(Level.INFO, "one too many", () -> "overflow1");
    log.log(Level.INFO, "and another", () -> "overflow2");
    assertEquals(RateLimitedLog.MAX_KEYS + 1, log.keys());
    assertEquals("overflow1", lines().get(RateLimitedLog.MAX_KEYS));
    assertEquals(RateLimitedLog.MAX_KEYS + 1, records.size(), "new keys share one line");

    advance(Duration.ofSeconds(11));
    log.log(Level.INFO, "new", () -> "fresh");
    assertTrue(log.keys() <= 3, "quiet keys are forgotten: " + log.keys());
    assertEquals("fresh", lines().get(lines().size() - 1));
  }
}
