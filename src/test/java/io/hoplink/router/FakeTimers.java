package io.hoplink.router;

import java.time.Duration;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;

/** Timers on a clock that moves only when told: {@link #advance} runs what has come due. */
final class FakeTimers implements Timers, LongSupplier {
  private record Task(long due, long id, Runnable run) {}

  private final PriorityQueue<Task> queue = new PriorityQueue<>(
      (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.id, b.id));
  private long now = 1_000_000_000L;
  private long nextId;

  /** Nanoseconds on the fake clock. */
  @Override
  public long getAsLong() {
    return now;
  }

  /** Epoch nanoseconds that move with the fake clock, for deadlines. */
  long wallNanos() {
    return 1_700_000_000_000_000_000L + now;
  }

  @Override
  public long schedule(long delayMs, Runnable task) {
    long id = nextId++;
    queue.add(new Task(now + Duration.ofMillis(Math.max(1, delayMs)).toNanos(), id, task));
    return id;
  }

  @Override
  public void cancel(long id) {
    queue.removeIf(task -> task.id == id);
  }

  /** Timers waiting to run. */
  int pending() {
    return queue.size();
  }

  /** Moves the clock on by {@code by}, running each timer that comes due on the way, in order. */
  void advance(Duration by) {
    long until = now + by.toNanos();
    while (!queue.isEmpty() && queue.peek().due <= until) {
      Task task = queue.poll();
      now = task.due;
      task.run.run();
    }
    now = until;
  }
}
