package io.hoplink.router;

import io.hoplink.naming.Path;
import io.hoplink.router.resilience.Deadline;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The service side of one request or stream, the same for both protocols: counted as started
 * and deposited in the retry budget, its deadline ({@code l5d-ctx-deadline} tightened by
 * {@code totalTimeoutMs}, whose timer it owns), and its end in the service's metrics, once.
 */
final class ServiceSpan {
  private final RouteEnv env;
  private final ServicePolicy service;
  private final long start;
  private Deadline deadline;
  private long totalTimer = -1;
  private boolean ended;

  ServiceSpan(RouteEnv env, Path name) {
    this.env = env;
    this.service = env.runtime().service(name);
    this.start = env.nanoTime().getAsLong();
  }

  ServicePolicy service() {
    return service;
  }

  /**
   * Starts the span: reads the incoming deadline from {@code deadlineHeaders} and tightens it by
   * {@code totalTimeoutMs}, whose passing calls {@code onTotalTimeout} (unless cancelled).
   */
  void begin(List<String> deadlineHeaders, Consumer<Duration> onTotalTimeout) {
    service.stats().started();
    service.retryBudget().deposit();
    deadline = Deadline.parse(deadlineHeaders).orElse(null);
    Optional<Duration> total = service.totalTimeout();
    if (total.isPresent()) {
      Deadline limit = Deadline.after(env.wallNanos().getAsLong(), total.get().toNanos());
      deadline = deadline == null ? limit : deadline.combined(limit);
      totalTimer = env.vertx().setTimer(Math.max(1, total.get().toMillis()), id -> {
        totalTimer = -1;
        onTotalTimeout.accept(total.get());
      });
    }
  }

  /** The request's deadline; null: none. */
  Deadline deadline() {
    return deadline;
  }

  /** Whether the deadline has passed. */
  boolean expired() {
    return deadline != null && deadline.expired(env.wallNanos().getAsLong());
  }

  /** The response is the client's, or the request ended: {@code totalTimeoutMs} is over. */
  void cancelTimer() {
    if (totalTimer >= 0) {
      env.vertx().cancelTimer(totalTimer);
      totalTimer = -1;
    }
  }

  /** Counts the end in the service's metrics; later calls do nothing. */
  void end(int status, boolean success) {
    if (!ended) {
      ended = true;
      service.stats().ended(status, success, env.nanoTime().getAsLong() - start);
    }
  }
}
