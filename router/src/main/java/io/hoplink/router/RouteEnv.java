package io.hoplink.router;

import io.vertx.core.Vertx;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * What a router's requests share: its runtime state, timers, clocks and randomness.
 *
 * @param nanoTime a monotonic clock for latencies
 * @param wallNanos nanoseconds since the epoch, for {@code l5d-ctx-deadline}
 * @param bufferLimitBytes {@code streamAfterContentLengthKB}: bodies up to this are buffered
 *     so that they can be retried
 */
record RouteEnv(RouterRuntime runtime, Vertx vertx, RandomGenerator random, LongSupplier nanoTime,
    LongSupplier wallNanos, long bufferLimitBytes) {}
