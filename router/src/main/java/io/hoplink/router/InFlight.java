package io.hoplink.router;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The requests a router stack has taken and not yet ended. As the exchange's end hook it
 * counts one down: it is itself the hook, so counting allocates nothing per request.
 */
final class InFlight implements Runnable {
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicReference<Runnable> onIdle = new AtomicReference<>();

  void started() {
    count.incrementAndGet();
  }

  /** One ended. */
  @Override
  public void run() {
    if (count.decrementAndGet() == 0) {
      idleNow();
    }
  }

  int count() {
    return count.get();
  }

  /** Runs {@code action} once, as soon as nothing is in flight (at once if nothing is). */
  void whenIdle(Runnable action) {
    onIdle.set(action);
    if (count.get() == 0) {
      idleNow();
    }
  }

  private void idleNow() {
    Runnable action = onIdle.getAndSet(null);
    if (action != null) {
      action.run();
    }
  }
}
