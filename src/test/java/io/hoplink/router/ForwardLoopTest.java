package io.hoplink.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Metric;
import io.hoplink.config.HoplinkConfig;
import io.hoplink.config.RouterConfig;
import io.hoplink.naming.Addr;
import io.hoplink.naming.Address;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Path;
import io.hoplink.naming.Var;
import io.hoplink.router.FakeExchange.FakeReply;
import io.hoplink.router.forward.ForwardFailure;
import io.hoplink.router.forward.UpstreamReply;
import io.hoplink.router.resilience.Deadline;
import io.hoplink.router.telemetry.Metrics;
import io.hoplink.router.telemetry.recent.RecentRequest;
import io.hoplink.router.telemetry.recent.RecentRequests;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A whole request's way through {@link ForwardLoop} without sockets: a fake exchange answers each
 * attempt by hand, and a fake clock runs backoffs, attempt timeouts and deadlines.
 */
class ForwardLoopTest {
  private static final Path NAME = Path.read("/svc/web");
  private static final String SERVICE = "rt/test/service/svc/web/";

  private final Vertx vertx = Vertx.vertx(); // only to build the (unused) upstream pools
  private final FakeTimers clock = new FakeTimers();
  private final Metrics metrics = Metrics.newTree();
  private ResiliencePolicies policies;
  private RouterRuntime runtime;

  @AfterEach
  void stop() throws Exception {
    if (runtime != null) {
      runtime.close();
      policies.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private RouteEnv env(String protocol, String keys) {
    RouterConfig config = HoplinkConfig.load("""
        routers:
        - protocol: %s
          label: test
          dtab: /svc => /#/io.l5d.fs;
          servers: [{port: 0}]
        """.formatted(protocol) + keys.indent(2), Main.plugins()).routers().get(0);
    Random random = new Random(7);
    policies = new ResiliencePolicies(config, Main.plugins(), vertx, random::nextLong, clock);
    runtime = new RouterRuntime(config, metrics, random::nextLong, clock, policies);
    long keep = protocol.equals("h2") ? -1 : 5 * 1024;
    return new RouteEnv(runtime, clock, clock, clock::wallNanos,
        Listeners.of(java.util.Set.of()), keep);
  }

  private static NameTree<Name.Bound> twoEndpoints() {
    return NameTree.leaf(new Name.Bound(Path.read("/#/io.l5d.fs/web"), Path.empty(),
        Var.value(Addr.bound(Set.of(Address.of("10.0.0.1", 80), Address.of("10.0.0.2", 80))))));
  }

  private FakeExchange start(RouteEnv env, HttpMethod method, Deadline deadline) {
    FakeExchange exchange = new FakeExchange(method, 0, deadline);
    new ForwardLoop(env, exchange, NAME, BoundTreePicker.of(twoEndpoints())).start();
    return exchange;
  }

  private long count(String name) {
    Metric metric = metrics.snapshot().get(name);
    return metric == null ? 0 : ((Counter) metric).getCount();
  }

  @Test
  void aRetryableAnswerIsRetriedAfterTheBackoffAndCountedOnce() {
    RouteEnv env = env("http", """
        service:
          responseClassifier: {kind: io.l5d.http.retryableRead5XX}
          retries:
            backoff: {kind: constant, ms: 100}
        """);
    FakeExchange exchange = start(env, HttpMethod.GET, null);
    assertEquals(1, exchange.sent.size());
    FakeReply first = new FakeReply(503);
    exchange.last().answer(first);
    assertTrue(first.discarded, "the retried answer is dropped, not relayed");
    assertEquals(1, exchange.sent.size(), "the retry waits for the backoff");
    clock.advance(Duration.ofMillis(99));
    assertEquals(1, exchange.sent.size());
    clock.advance(Duration.ofMillis(1));
    assertEquals(2, exchange.sent.size());

    FakeReply second = new FakeReply(200);
    exchange.last().answer(second);
    assertTrue(second.relayStarted);
    second.finish(exchange);
    assertEquals(200, exchange.answered);
    assertEquals(1, count(SERVICE + "requests"));
    assertEquals(1, count(SERVICE + "success"));
    assertEquals(1, count(SERVICE + "retries/total"));
    assertEquals(2, count("rt/test/client/#/io.l5d.fs/web/requests"));
    assertEquals(1, count("rt/test/client/#/io.l5d.fs/web/failures"));
    assertEquals("1.0", exchange.responseHeaders.get("l5d-success-class"));
    assertEquals(0, clock.pending(), "no timer outlives the request");
  }

  @Test
  void aSampledRequestIsKeptWithItsEndpointStatusAndRetries() {
    RouteEnv plain = env("http", """
        service:
          responseClassifier: {kind: io.l5d.http.retryableRead5XX}
          retries:
            backoff: {kind: constant, ms: 0}
        """);
    RecentRequests ring = new RecentRequests(1.0, 4, () -> 0.5);
    RouteEnv env = new RouteEnv(plain.runtime(), clock, clock, clock::wallNanos,
        plain.listeners(), plain.fixedLengthKeepBytes(), ring);
    FakeExchange exchange = start(env, HttpMethod.GET, null);
    exchange.last().answer(new FakeReply(503));
    clock.advance(Duration.ofMillis(7));
    FakeReply second = new FakeReply(200);
    exchange.last().answer(second);
    clock.advance(Duration.ofMillis(5));
    second.finish(exchange);
    assertEquals(1, ring.newestFirst().size());
    RecentRequest kept = ring.newestFirst().get(0);
    assertEquals("test", kept.router());
    assertEquals("127.0.0.1:1", kept.source());
    assertEquals("GET", kept.method());
    assertEquals("/svc/web", kept.service());
    assertEquals("/#/io.l5d.fs/web", kept.client());
    assertTrue(Set.of("10.0.0.1:80", "10.0.0.2:80").contains(kept.endpoint()), kept.endpoint());
    assertEquals(200, kept.status());
    assertEquals(1, kept.retries());
    assertEquals(Duration.ofMillis(12).toNanos(), kept.latencyNanos());
    assertEquals(2, count("rt/test/client/#/io.l5d.fs/web/service/svc/web/requests"),
        "each attempt counts on the service's edge to the client");
  }

  @Test
  void aRequestTheDrawLeavesOutIsNotKept() {
    RouteEnv plain = env("http", "");
    RecentRequests ring = new RecentRequests(0.25, 4, () -> 0.25);
    RouteEnv env = new RouteEnv(plain.runtime(), clock, clock, clock::wallNanos,
        plain.listeners(), plain.fixedLengthKeepBytes(), ring);
    FakeExchange exchange = start(env, HttpMethod.GET, null);
    FakeReply reply = new FakeReply(200);
    exchange.last().answer(reply);
    reply.finish(exchange);
    assertEquals(200, exchange.answered);
    assertEquals(List.of(), ring.newestFirst());
  }

  @Test
  void anEmptyBudgetRelaysTheFailureAndCountsIt() {
    RouteEnv env = env("http", """
        service:
          responseClassifier: {kind: io.l5d.http.retryableRead5XX}
          retries:
            budget: {minRetriesPerSec: 0, percentCanRetry: 0.0}
        """);
    FakeExchange exchange = start(env, HttpMethod.GET, null);
    FakeReply only = new FakeReply(503);
    exchange.last().answer(only);
    assertTrue(only.relayStarted);
    only.finish(exchange);
    assertEquals(1, exchange.sent.size());
    assertEquals(1, count(SERVICE + "retries/budget_exhausted"));
    assertEquals(1, count(SERVICE + "failures"));
    assertEquals("true", exchange.responseHeaders.get("l5d-retryable"));
  }

  @Test
  void aRequestThatCannotBeSentAgainIsNotRetried() {
    RouteEnv env = env("http", """
        service:
          responseClassifier: {kind: io.l5d.http.retryableAll5XX}
        """);
    FakeExchange exchange = start(env, HttpMethod.POST, null);
    exchange.bodyOutgrewTheRetryBuffer();
    FakeReply only = new FakeReply(502);
    exchange.last().answer(only);
    assertTrue(only.relayStarted);
    assertEquals(1, count(SERVICE + "retries/request_stream_too_long"));
  }

  @Test
  void anAttemptThatNeverReachedItsEndpointIsRequeuedAtOnce() {
    RouteEnv env = env("http", "");
    FakeExchange exchange = start(env, HttpMethod.POST, null);
    FakeExchange.Sent first = exchange.last();
    first.fail(new ForwardFailure.NotSent(first.host + ":80", "no connection", null));
    assertEquals(2, exchange.sent.size(), "requeued without waiting");
    FakeReply reply = new FakeReply(200);
    exchange.last().answer(reply);
    reply.finish(exchange);
    assertEquals(1, count("rt/test/client/#/io.l5d.fs/web/retries/requeues"));
    assertEquals(0, count(SERVICE + "retries/total"));
    assertEquals(1, count(SERVICE + "success"));
  }

  @Test
  void theTotalTimeoutAnswers503AndAbortsTheAttemptInFlight() {
    RouteEnv env = env("http", """
        service: {totalTimeoutMs: 500}
        """);
    FakeExchange exchange = start(env, HttpMethod.GET, null);
    clock.advance(Duration.ofMillis(499));
    assertNull(exchange.answered);
    clock.advance(Duration.ofMillis(1));
    assertEquals(503, exchange.answered);
    assertTrue(exchange.message.contains("totalTimeoutMs 500"), exchange.message);
    assertEquals(1, exchange.ends, "ended once, whatever the aborted attempt reports");
    assertEquals(1, count(SERVICE + "status/503"));
    assertEquals(0, count("rt/test/client/#/io.l5d.fs/web/success"));
    assertEquals(0, clock.pending());
  }

  @Test
  void theRequestsOwnDeadlineIsForwardedAndEnforced() {
    RouteEnv env = env("http", "");
    Deadline deadline = Deadline.after(clock.wallNanos(), Duration.ofMillis(300).toNanos());
    FakeExchange exchange = start(env, HttpMethod.GET, deadline);
    assertEquals(deadline.show(), exchange.last().headers.get(Deadline.HEADER));
    clock.advance(Duration.ofMillis(300));
    assertEquals(503, exchange.answered);
    assertEquals("deadline exceeded", exchange.message);
  }

  @Test
  void aBackoffThatWouldOutliveTheDeadlineIsNoRetry() {
    RouteEnv env = env("http", """
        service:
          totalTimeoutMs: 1000
          responseClassifier: {kind: io.l5d.http.retryableRead5XX}
          retries:
            backoff: {kind: constant, ms: 2000}
        """);
    FakeExchange exchange = start(env, HttpMethod.GET, null);
    FakeReply only = new FakeReply(503);
    exchange.last().answer(only);
    assertTrue(only.relayStarted, "relayed: a retry could not start before the deadline");
    assertEquals(0, count(SERVICE + "retries/total"));
  }

  @Test
  void theAttemptTimeoutAbortsTheAttemptAndAnswers503() {
    RouteEnv env = env("http", """
        client: {requestAttemptTimeoutMs: 200}
        """);
    FakeExchange exchange = start(env, HttpMethod.GET, null);
    clock.advance(Duration.ofMillis(200));
    assertTrue(exchange.sent.get(0).abortedFor.contains("requestAttemptTimeoutMs 200"));
    assertEquals(503, exchange.answered);
    assertEquals(1, count("rt/test/client/#/io.l5d.fs/web/failures"));
  }

  @Test
  void aGrpcStatusInTheTrailersIsClassifiedAtTheEndOfTheStreamAndRetried() {
    RouteEnv env = env("h2", """
        service:
          responseClassifier: {kind: io.l5d.h2.grpc.default}
        """);
    FakeExchange exchange = start(env, HttpMethod.POST, null);
    FakeReply unavailable = new FakeReply(200);
    unavailable.trailers.set("grpc-status", "14");
    unavailable.buffered = UpstreamReply.Buffered.ENDED;
    exchange.last().answer(unavailable);
    assertTrue(unavailable.discarded, "UNAVAILABLE in the trailers is retried");
    assertFalse(unavailable.relayStarted);
    assertEquals(2, exchange.sent.size());

    FakeReply ok = new FakeReply(200);
    ok.trailers.set("grpc-status", "0");
    exchange.last().answer(ok);
    assertTrue(ok.relayStarted);
    ok.finish(exchange);
    assertEquals(1, count(SERVICE + "retries/total"));
    assertEquals(1, count(SERVICE + "success"));
  }

  @Test
  void aResponseTooLongToHoldStreamsOnWithoutARetry() {
    RouteEnv env = env("h2", """
        service:
          responseClassifier: {kind: io.l5d.h2.grpc.default}
        """);
    FakeExchange exchange = start(env, HttpMethod.POST, null);
    FakeReply big = new FakeReply(200);
    big.buffered = UpstreamReply.Buffered.TOO_LONG;
    exchange.last().answer(big);
    assertTrue(big.relayStarted);
    assertEquals(1, count(SERVICE + "retries/response_stream_too_long"));
  }
}
