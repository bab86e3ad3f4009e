package io.hoplink.router;

import com.codahale.metrics.Counter;
import io.hoplink.router.resilience.FailureAccrual;
import io.hoplink.router.resilience.RetryBudget;
import io.hoplink.router.upstream.Upstream;
import java.time.Duration;
import java.util.Optional;

/**
 * What the client keys of one bound name become at run time.
 *
 * @param accrual failure accrual over the client's endpoints
 * @param requeueBudget the budget of requeues (attempts that never reached an endpoint)
 * @param requeues counter {@code retries/requeues} in the client scope
 * @param upstream the connections, per the client's {@code protocol} and (HTTP/1.1)
 *     {@code hostConnectionPool}
 * @param failFast when every endpoint is down, fail at once instead of trying a down one
 * @param attemptTimeout {@code requestAttemptTimeoutMs}: empty, none
 * @param forwardClientCert send the verified client certificate of the request's connection
 *     as {@code x-forwarded-client-cert}
 */
record ClientPolicy(FailureAccrual accrual, RetryBudget requeueBudget, Counter requeues,
    Upstream upstream, boolean failFast, Optional<Duration> attemptTimeout,
    boolean forwardClientCert) {}
