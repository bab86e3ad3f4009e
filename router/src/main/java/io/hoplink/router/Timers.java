package io.hoplink.router;

import io.vertx.core.Vertx;

/**
 * One-shot timers, as the request path (and the identity's renewals) use them: Vert.x's on the
 * event loop that asks, or a fake one in a test that drives a request's attempts, retries and
 * deadlines by hand.
 */
public interface Timers {
  /** Runs {@code task} once, {@code delayMs} (at least 1) from now; returns the timer's id. */
  long schedule(long delayMs, Runnable task);

  /** Cancels a timer that has not run yet; a spent or unknown id does nothing. */
  void cancel(long id);

  /** Vert.x timers, which run on the context that scheduled them. */
  static Timers of(Vertx vertx) {
    return new Timers() {
      @Override
      public long schedule(long delayMs, Runnable task) {
        return vertx.setTimer(Math.max(1, delayMs), id -> task.run());
      }

      @Override
      public void cancel(long id) {
        vertx.cancelTimer(id);
      }
    };
  }
}
