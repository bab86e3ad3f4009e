package io.hoplink.router;

import io.hoplink.router.telemetry.recent.RecentRequests;
import java.util.function.LongSupplier;

/**
 * What a router's requests share: its runtime state, timers and clocks.
 *
 * @param nanoTime a monotonic clock for latencies
 * @param wallNanos nanoseconds since the epoch, for {@code l5d-ctx-deadline}
 * @param listeners this process's own servers, which a request with a per-request dtab may not
 *     reach
 * @param fixedLengthKeepBytes http routers ({@code streamAfterContentLengthKB}): a fixed-length
 *     body up to this is kept so that it can be retried, a chunked or longer one is not; -1 for
 *     h2 routers, which keep the service's {@code retryBufferSize.requestBytes} of any body
 * @param recent where sampled requests are kept (an {@code io.l5d.recentRequests} telemeter);
 *     null: none configured
 */
record RouteEnv(RouterRuntime runtime, Timers timers, LongSupplier nanoTime,
    LongSupplier wallNanos, Listeners listeners, long fixedLengthKeepBytes,
    RecentRequests recent) {
  /** Without a recent-requests ring. */
  RouteEnv(RouterRuntime runtime, Timers timers, LongSupplier nanoTime, LongSupplier wallNanos,
      Listeners listeners, long fixedLengthKeepBytes) {
    this(runtime, timers, nanoTime, wallNanos, listeners, fixedLengthKeepBytes, null);
  }
}
