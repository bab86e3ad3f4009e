package io.hoplink.router.identity;

import io.hoplink.router.Timers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A clock and timers that move only when the test says: {@link #advance} runs what falls due. */
final class FakeTime extends Clock implements Timers {
  private record Task(long id, Instant due, Runnable run) {}

  private Instant now;
  private long ids;
  private final List<Task> tasks = new ArrayList<>();

  FakeTime(Instant start) {
    this.now = start;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public synchronized long schedule(long delayMs, Runnable task) {
    tasks.add(new Task(++ids, now.plusMillis(Math.max(1, delayMs)), task));
    return ids;
  }

  @Override
  public synchronized void cancel(long id) {
    tasks.removeIf(t -> t.id() == id);
  }

  /** When the next timer falls due, if any is set. */
  synchronized Instant nextDue() {
    return tasks.stream().map(Task::due).min(Comparator.naturalOrder()).orElse(null);
  }

  /** Moves the clock on by {@code step}, running each timer as it falls due, in order. */
  void advance(Duration step) {
    Instant until = now.plus(step);
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.stream().filter(t -> !t.due().isAfter(until))
            .min(Comparator.comparing(Task::due)).orElse(null);
        if (next == null) {
          now = until;
          return;
        }
        tasks.remove(next);
        now = next.due();
      }
      next.run().run();
    }
  }
}
