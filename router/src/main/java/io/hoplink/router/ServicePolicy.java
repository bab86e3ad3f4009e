package io.hoplink.router;

import com.codahale.metrics.Counter;
import io.hoplink.config.RetryBufferSize;
import io.hoplink.router.resilience.Backoff;
import io.hoplink.router.resilience.ResponseClassifier;
import io.hoplink.router.resilience.RetryBudget;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.RequestStats;
import java.time.Duration;
import java.util.Optional;

/**
 * What the service keys of one service name become at run time, with its metrics.
 *
 * @param retriesTotal counter {@code retries/total} in the service scope
 * @param budgetExhausted counter {@code retries/budget_exhausted}: retryable failures not
 *     retried for want of budget
 * @param totalTimeout {@code totalTimeoutMs}, covering every attempt: empty, none
 * @param retryBuffer h2: the request and response bytes kept so that a stream can be retried
 * @param classificationTimeout h2: how long a response is held for its trailers to be classified
 */
record ServicePolicy(RequestStats stats, Metrics scope, ResponseClassifier classifier,
    RetryBudget retryBudget, Backoff retryBackoff, Optional<Duration> totalTimeout,
    Counter retriesTotal, Counter budgetExhausted, RetryBufferSize retryBuffer,
    Duration classificationTimeout) {}
